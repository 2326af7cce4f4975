import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// No word a person reads is written in the code: it comes from the messages through t(). This
// finds what would slip past: text between JSX tags, person-facing attributes written as literals,
// and errors, results or notices thrown or returned as English sentences.

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Where the interface lives. */
const SCANNED = [
  'components',
  'entrypoints',
  'utils/browser',
  'utils/compose',
  'utils/authority.ts',
  'utils/ledger',
  'utils/dashboard',
  'utils/editor/draft.ts',
  'utils/policy/parse.ts',
  'utils/policy/schema.ts',
  'utils/policy/references.ts',
  'utils/policy/sync.ts',
  'utils/policy/jws.ts',
  'utils/policy/warnings.ts',
  'utils/policy/json-position.ts',
  'utils/money.ts',
  'utils/firm-time.ts',
  'utils/unreachable.ts',
  'utils/envelope.ts',
  'utils/server-url.ts',
  'utils/firm-ledger/connection.ts',
];

/**
 * Words that are not the interface's: a developer's mistake, the JSON schema's title, and the
 * verification column of the CSV files, which accounting software and bookkeepers read as data.
 */
const NOT_INTERFACE = [
  "new Error('editor sections render inside an EditorContext'",
  "title: 'Make It Right firm policy'",
  "return 'Verified: email set by IT'",
  "return 'Verified: signed in to the firm ledger'",
  "return 'Unverified: self-declared email'",
  "return 'Unverified: approval marked by the requester'",
  "return 'Verified: approved by the approver, signed in to the firm ledger'",
];

function files(rel: string): string[] {
  const full = path.join(ROOT, rel);
  if (statSync(full).isFile()) return [rel];
  return readdirSync(full).flatMap((name) => files(path.join(rel, name)));
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

// Words: at least two letters, so "—", "…", " · " and "(" between expressions pass.
const WORDS = /\p{L}{2,}/u;

/** Literals a person reads, found in one file's source. */
export function hardCoded(file: string, source: string): Finding[] {
  const found: Finding[] = [];
  const lines = source.split('\n');
  const add = (index: number, text: string) => {
    const line = source.slice(0, index).split('\n').length;
    // Comments say why; they are for developers.
    if (/^\s*(\/\/|\*|\/\*)/.test(lines[line - 1] ?? '')) return;
    found.push({ file, line, text: text.trim() });
  };
  if (file.endsWith('.tsx')) {
    // Text between tags: `>Sync now<`, `>Saved</span>`.
    for (const m of source.matchAll(/>([^<>{}`]*?)</g)) {
      // Not text but code between a generic and a comparison: `useState<X>(null); … useRef<`, `n > 0 && (`.
      const code = /[;=[\]]|&&|\|\||^\s*[()]/.test(m[1]!) || source[m.index - 1] === '=';
      if (WORDS.test(m[1]!) && !code) add(m.index + 1, m[1]!);
    }
    // Person-facing attributes written as string literals.
    for (const m of source.matchAll(/\b(aria-label|placeholder|title|alt|label|heading)="([^"]*)"/g)) {
      if (WORDS.test(m[2]!) && !/^https?:/.test(m[2]!)) add(m.index, `${m[1]}="${m[2]}"`);
    }
  }
  // Errors and outcomes as English sentences: new Error('…'), message: '…', setError('…'), return '…'.
  for (const m of source.matchAll(
    /(new \w*(?:Error|Refusal)\(|\b(?:message|text|reason|title|label):\s*|\bset[A-Z]\w*\(|\breturn\s+)(['"`])((?:(?!\2).)*)\2/g,
  )) {
    const text = m[3]!.replace(/\$\{[^}]*\}/g, '');
    if (/\p{Lu}?\p{Ll}+ \p{Ll}+/u.test(text)) add(m.index, m[0]);
  }
  return found;
}

describe('hard-coded words', () => {
  const sources = SCANNED.flatMap(files)
    .filter((f) => /\.tsx?$/.test(f))
    .map((file) => ({ file, source: readFileSync(path.join(ROOT, file), 'utf8') }));

  it('scans the interface', () => {
    expect(sources.length).toBeGreaterThan(30);
  });

  it('none in the interface: every word comes from the messages', () => {
    const found = sources.flatMap(({ file, source }) => hardCoded(file, source)).filter((f) => !NOT_INTERFACE.includes(f.text));
    expect(found.map((f) => `${f.file}:${f.line}: ${f.text}`)).toEqual([]);
  });

  it('the check finds text between tags, a literal label and an English error', () => {
    const source = [
      'export const A = () => <button aria-label="Close the panel">Sync now</button>;',
      "export const B = () => <p>{t('saved')}</p>;",
      "throw new Error('Could not read the file');",
      "throw new Error(t('couldNotRead', name));",
    ].join('\n');
    expect(hardCoded('x.tsx', source).map((f) => `${f.line}: ${f.text}`)).toEqual([
      '1: Sync now',
      '1: aria-label="Close the panel"',
      "3: new Error('Could not read the file'",
    ]);
  });
});
