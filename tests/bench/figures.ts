// One measured figure, the table that prints them, and the machine they were measured on.

export type Unit = 'ms' | 's' | 'KB' | '%' | '/s' | 'px';

export interface Target {
  /** "at most" for times, sizes and overheads; "at least" for rates. */
  atMost: boolean;
  value: number;
}

export interface Figure {
  group: string;
  name: string;
  /** The median over `runs`; null when the figure could not be measured (see `note`). */
  value: number | null;
  unit: Unit;
  runs?: number;
  target?: Target;
  /** Shown after the value: what it is compared with, or why it is not available. */
  note?: string;
  /** The value is a lower bound: what was measured did not happen within it. */
  lowerBound?: boolean;
  /** The measured operation failed: the target is not met and there is no value. */
  failed?: boolean;
}

export const atMost = (value: number): Target => ({ atMost: true, value });

export function measured(
  group: string,
  name: string,
  value: number,
  unit: Unit,
  extra: Pick<Figure, 'runs' | 'target' | 'note' | 'lowerBound'> = {},
): Figure {
  return { group, name, value, unit, ...extra };
}

/** A figure that could not be measured: never a made-up number. */
export function unavailable(group: string, name: string, unit: Unit, reason: string, target?: Target): Figure {
  return { group, name, value: null, unit, note: `not available: ${reason}`, ...(target ? { target } : {}) };
}

/** An operation that was run and failed: a finding, not a missing measurement. */
export function failed(group: string, name: string, unit: Unit, reason: string, target?: Target): Figure {
  return { group, name, value: null, unit, failed: true, note: `failed: ${reason}`, ...(target ? { target } : {}) };
}

export function isMet(figure: Figure): boolean | null {
  if (figure.failed && figure.target) return false;
  if (!figure.target || figure.value === null) return null;
  return figure.target.atMost ? figure.value <= figure.target.value : figure.value >= figure.target.value;
}

function formatValue(value: number, unit: Unit): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  const n = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit === '/s' ? `${n} /s` : `${n} ${unit}`;
}

function formatTarget(target: Target | undefined, unit: Unit): string {
  if (!target) return '';
  return `${target.atMost ? '≤' : '≥'} ${formatValue(target.value, unit)}`;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  chromium: string;
  /** 1-minute load average when the run started: other work on the machine slows every figure. */
  loadAverage: number;
}

export function renderTable(machine: Machine, figures: Figure[], startedAt: Date): string {
  const header = [
    `Make It Right benchmark — ${startedAt.toISOString()}`,
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, ${machine.os}`,
    `Node ${machine.node}; ${machine.chromium}; load average ${machine.loadAverage.toFixed(1)} at start`,
    'Values are medians over the number of runs shown; "—" = no target (shown for comparison).',
    '',
  ];
  const rows: string[][] = [['figure', 'value (median)', 'runs', 'target', 'met']];
  let group = '';
  const groupRows = new Set<number>();
  for (const figure of figures) {
    if (figure.group !== group) {
      group = figure.group;
      groupRows.add(rows.length);
      rows.push([group, '', '', '', '']);
    }
    const met = isMet(figure);
    const value = figure.value === null ? '' : `${figure.lowerBound ? '> ' : ''}${formatValue(figure.value, figure.unit)}`;
    rows.push([
      `  ${figure.name}`,
      [value, figure.note].filter(Boolean).join(value && figure.note ? ' — ' : ''),
      figure.runs === undefined ? '' : String(figure.runs),
      formatTarget(figure.target, figure.unit),
      met === null ? (figure.target ? '?' : '—') : met ? '✓' : '✗',
    ]);
  }
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.filter((_, i) => !groupRows.has(i)).map((row) => row[column]!.length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 1 || column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join(' │ ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  const body = rows.map((row, i) => (groupRows.has(i) ? row[0]! : line(row)));
  return [...header, line(rows[0]!), rule, ...body.slice(1)].join('\n');
}
