import { t } from './i18n';
// Money is integer minor units (cents, yen, fils) everywhere inside the product; decimals exist only
// at the JSON edge (policy amounts) and in display.

const digitsCache = new Map<string, number>();

/** How many decimals the ISO 4217 currency has (USD 2, JPY 0, BHD 3). Throws on an unknown code. */
export function currencyDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  if (!isKnownCurrency(currency)) throw new RangeError(t('valUnknownCurrency', currency));
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  digitsCache.set(currency, digits);
  return digits;
}

let knownCurrencies: Set<string> | undefined;

export function isKnownCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies.has(code);
}

/**
 * Converts a decimal amount from the JSON edge to minor units. Returns an error message instead of a
 * number when the amount is negative, not finite, too large, or has more decimals than the currency.
 */
export function toMinorUnits(amount: number, currency: string): number | string {
  if (!Number.isFinite(amount)) return t('valFinite');
  if (amount < 0) return t('valNotNegative');
  const digits = currencyDigits(currency);
  const factor = 10 ** digits;
  const scaled = Math.round(amount * factor);
  if (Math.abs(scaled - amount * factor) > 1e-6 * Math.max(1, Math.abs(amount * factor))) {
    return t('valTooManyDecimals', currency, String(digits));
  }
  if (!Number.isSafeInteger(scaled)) return t('valTooLarge');
  return scaled;
}

/** Parses what a person typed ("20", "20.5", "1,250.00") into minor units, or null when it is not money. */
export function parseMoneyInput(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/[\s,']/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const minor = toMinorUnits(Number(cleaned), currency);
  return typeof minor === 'number' ? minor : null;
}

/** Minor units → a plain decimal string for an editable input ("20.00", "500", "1.250"). */
export function minorToDecimalString(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Minor units → "$20.00" in the firm's currency and locale. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let fmt = formatters.get(key);
  if (!fmt) {
    fmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, fmt);
  }
  return fmt.format(minor / 10 ** currencyDigits(currency));
}
