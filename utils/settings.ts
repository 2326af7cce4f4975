import type { Me } from './people';

// The user's own settings, kept in the browser's storage.

export interface Settings {
  /** Who I am: the user's own email, matched against the policy's staff list. */
  selfEmail: string;
  /** True when IT set it (managed storage `staffEmail`): read-only here. Otherwise it is self-declared. */
  selfEmailLocked?: boolean;
}

/** The settings and who they make the user, as the pages show them. */
export type SettingsWithMe = Settings & { me: Me | null };
