import type { Identity, Me } from '../people';
import type { Policy } from './types';
import { normaliseEmail } from '../people';

/**
 * Who the user is according to the policy. The role comes from the staff list, never from a free
 * choice: an email that is not on the list has no role (and so no authority).
 */
export function resolveMe(policy: Policy | null, selfEmail: string, identity: Identity = 'self-declared'): Me | null {
  const email = normaliseEmail(selfEmail);
  if (!email) return null;
  const member = policy?.staff.find((s) => s.email === email);
  return { email, name: member?.name ?? email, role: member?.role ?? null, identity };
}

/** The firm's own email domains, from the staff list: never a client's. */
export function firmDomains(policy: Policy | null): string[] {
  const domains = new Set<string>();
  for (const s of policy?.staff ?? []) {
    const at = s.email.lastIndexOf('@');
    if (at > 0) domains.add(s.email.slice(at + 1));
  }
  return [...domains];
}
