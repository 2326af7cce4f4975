import type { Incident } from './types';

// One record per client, kept beside the incidents so the side panel's client search is an index
// lookup (by email or CRM key prefix, or by the start of any word of the name), never a full scan.

export interface ClientRecord {
  clientKey: string;
  /** As the latest incident named the client. */
  name: string;
  email?: string;
  /** Lower-case words of the name, for prefix search. */
  words: string[];
  lastIncidentAt: number;
}

const MAX_WORDS = 20;

function nameWords(name: string): string[] {
  const words = name.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return [...new Set(words)].slice(0, MAX_WORDS);
}

/** The client's record after `incident`: the most recent incident's name and email win. */
export function clientAfter(existing: ClientRecord | undefined, incident: Incident): ClientRecord {
  if (existing && existing.lastIncidentAt > incident.createdAt) return existing;
  return {
    clientKey: incident.clientKey,
    name: incident.clientName,
    ...(incident.clientEmail ? { email: incident.clientEmail } : {}),
    words: nameWords(incident.clientName),
    lastIncidentAt: incident.createdAt,
  };
}
