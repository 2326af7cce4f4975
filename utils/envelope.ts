// How a protocol message travels: an envelope out, a reply back. Pure, so the real-browser tests
// and the trust drills build the same envelopes the extension does.

import { t } from './i18n';

export interface Envelope {
  /** Marks our own messages; anything else on the channel is ignored. */
  mir: 1;
  name: string;
  data: unknown;
}

/** An event the background announces to its pages (`PageEvents`): no reply is expected. */
export interface EventEnvelope {
  mir: 1;
  event: string;
  data: unknown;
}

export function isEventEnvelope(value: unknown): value is EventEnvelope {
  return typeof value === 'object' && value !== null && (value as EventEnvelope).mir === 1 && typeof (value as EventEnvelope).event === 'string';
}

export function eventEnvelope(event: string, data: unknown): EventEnvelope {
  return { mir: 1, event, data };
}

export type Reply = { ok: true; value: unknown } | { ok: false; error: string };

export function isEnvelope(value: unknown): value is Envelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Envelope).mir === 1 &&
    typeof (value as Envelope).name === 'string'
  );
}

export function envelope(name: string, data: unknown): Envelope {
  return { mir: 1, name, data };
}

/** Unwraps a handler's reply; a refused or failed message becomes an Error with its message. */
export function unwrapReply<T>(reply: unknown, name: string): T {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new Error(t('noAnswer', name));
  }
  const r = reply as Reply;
  if (!r.ok) throw new Error(r.error);
  return r.value as T;
}
