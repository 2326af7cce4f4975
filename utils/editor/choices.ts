// The firm's settings as choices rather than free text: every currency and time zone this browser
// knows, and the locales a firm is likely to write in (a file's other locale stays selectable).

const COMMON_LOCALES = [
  'en-US', 'en-GB', 'en-CA', 'en-AU', 'en-NZ', 'en-IE', 'en-ZA', 'en-IN', 'en-SG',
  'fr-FR', 'fr-CA', 'fr-BE', 'fr-CH', 'de-DE', 'de-AT', 'de-CH', 'nl-NL', 'nl-BE',
  'es-ES', 'es-MX', 'es-AR', 'pt-BR', 'pt-PT', 'it-IT', 'sv-SE', 'da-DK', 'nb-NO', 'fi-FI',
  'pl-PL', 'cs-CZ', 'ja-JP', 'zh-CN', 'zh-TW', 'ko-KR', 'ar-AE', 'he-IL', 'tr-TR',
] as const;

export interface Choice {
  value: string;
  label: string;
}

function named(values: readonly string[], type: 'currency' | 'language', displayLocale: string): Choice[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([displayLocale], { type });
  } catch {
    names = null;
  }
  return values.map((value) => {
    const name = names?.of(value);
    return { value, label: name && name !== value ? `${name} (${value})` : value };
  });
}

export function currencyChoices(displayLocale = 'en'): Choice[] {
  return named(Intl.supportedValuesOf('currency'), 'currency', displayLocale);
}

export function localeChoices(displayLocale = 'en'): Choice[] {
  return named(COMMON_LOCALES, 'language', displayLocale);
}

export function timeZoneChoices(): Choice[] {
  return Intl.supportedValuesOf('timeZone').map((zone) => ({ value: zone, label: zone.replace(/_/g, ' ') }));
}
