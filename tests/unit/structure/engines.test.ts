import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// A newcomer's `npm install` on the Node the project asks for prints no engine warning: every
// package in the lock file runs on the lowest Node that package.json's `engines` allows.

const ROOT = path.resolve(import.meta.dirname, '../../..');
type Version = [number, number, number];

/** "20.19", "0.8.x": a missing or wildcard part counts as 0. */
function parse(text: string): Version {
  const [major = 0, minor = 0, patch = 0] = text.trim().split('.').map((n) => (/^\d+$/.test(n) ? Number(n) : 0));
  return [major, minor, patch];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Whether `version` satisfies an engines range of the forms the lock file holds (`*`, `>=`, `^`, `||`). */
function satisfies(range: string, version: Version): boolean {
  return range.split('||').some((alternative) => {
    const part = alternative.trim();
    if (part === '*' || part === '') return true;
    // "8.*", "4.x": that major version.
    const major = /^(\d+)\.[*x]$/.exec(part);
    if (major) return version[0] === Number(major[1]);
    const ge = /^>=\s*([\dx*.]+)$/.exec(part);
    if (ge) return compare(version, parse(ge[1]!)) >= 0;
    const caret = /^\^\s*([\dx*.]+)$/.exec(part);
    if (caret) {
      const low = parse(caret[1]!);
      return version[0] === low[0] && compare(version, low) >= 0;
    }
    throw new Error(`an engines range this check does not read: ${range}`);
  });
}

describe('the Node the project asks for', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lowest = parse(/^>=\s*([\d.]+)$/.exec(pkg.engines.node)![1]!);
  // The project's own lock file, and the fallback server's (installed on first use).
  const locks = ['package-lock.json', 'scripts/fallback-server/package-lock.json'].map(
    (file) =>
      [file, JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'))] as [string, { packages: Record<string, { engines?: { node?: string } | string[] }> }],
  );

  it('reads ranges as npm does', () => {
    expect(satisfies('^20.19.0 || >=22.12.0', [20, 19, 0])).toBe(true);
    expect(satisfies('>=22.13.0', [20, 19, 0])).toBe(false);
    expect(satisfies('^18.18.0 || ^20.9.0 || >=21.1.0', [20, 19, 0])).toBe(true);
  });

  it.each(locks)('runs every package of %s: no EBADENGINE warning at install', (_file, lock) => {
    const refused = Object.entries(lock.packages)
      .filter(([, entry]) => entry.engines && !Array.isArray(entry.engines) && typeof entry.engines.node === 'string')
      .filter(([, entry]) => !satisfies((entry.engines as { node: string }).node, lowest))
      .map(([name, entry]) => `${name} needs node ${(entry.engines as { node: string }).node}`);
    expect(refused).toEqual([]);
  });
});

describe("a newcomer's install", () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
    allowScripts?: Record<string, boolean>;
  };
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { hasInstallScript?: boolean }>;
  };

  it('leaves no install script unanswered: npm prints no install-scripts warning', () => {
    const unanswered = Object.entries(lock.packages)
      .filter(([at, entry]) => at !== '' && entry.hasInstallScript)
      .map(([at]) => at.slice(at.lastIndexOf('node_modules/') + 'node_modules/'.length))
      .filter((name) => pkg.allowScripts?.[name] === undefined);
    expect(unanswered).toEqual([]);
  });

  it('does not download the fallback ledger server: pouchdb-server is its own package, installed on first use', () => {
    expect(Object.keys(lock.packages).filter((at) => at.endsWith('node_modules/pouchdb-server'))).toEqual([]);
    const fallback = JSON.parse(readFileSync(path.join(ROOT, 'scripts/fallback-server/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(fallback.dependencies['pouchdb-server']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
