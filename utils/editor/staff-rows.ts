import type { Role } from '../policy/types';

// Staff pasted from a spreadsheet: one person a line, "name, email, role" (tabs from a spreadsheet,
// commas or semicolons typed). The role may be written as its label ("Front desk") or its id.

export interface StaffRow {
  name: string;
  email: string;
  role: string;
}

export interface PastedStaff {
  rows: StaffRow[];
  /** 1-based line numbers of lines that were not three columns. */
  skippedLines: number[];
}

const HEADER = /^\s*name\s*[\t,;]\s*e-?mail\s*[\t,;]\s*role\s*$/i;

export function parseStaffRows(text: string, roles: readonly Pick<Role, 'id' | 'label'>[]): PastedStaff {
  const byLabel = new Map(roles.map((r) => [r.label.trim().toLowerCase(), r.id]));
  const rows: StaffRow[] = [];
  const skippedLines: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || (i === 0 && HEADER.test(line))) return;
    const separator = line.includes('\t') ? '\t' : line.includes(';') ? ';' : ',';
    const cells = line.split(separator).map((c) => c.trim());
    if (cells.length !== 3 || cells.some((c) => !c)) {
      skippedLines.push(i + 1);
      return;
    }
    const [name, email, role] = cells as [string, string, string];
    // Unknown roles are kept as written: the policy check then names them beside the row.
    rows.push({ name, email, role: byLabel.get(role.toLowerCase()) ?? role });
  });
  return { rows, skippedLines };
}
