import type { Figure } from './figures';

export interface GroupContext {
  /** The built Chrome extension (empty when the group does not need it). */
  extensionDir: string;
  /** Progress for the terminal; never part of the table. */
  log(message: string): void;
}

/** One group of figures, one file each: bench/<id>.ts. */
export interface Group {
  id: string;
  title: string;
  needsBuild: boolean;
  run(context: GroupContext): Promise<Figure[]>;
}
