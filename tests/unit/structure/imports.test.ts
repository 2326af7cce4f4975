import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The product's import graph, as the compiler sees it: every import and re-export, type-only ones
// included, with the `@/` alias resolved. A cycle makes a module depend on its own load order; a
// background service importing another makes it untestable without the other.

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PRODUCT = ['entrypoints', 'components', 'utils', 'phone'];
const EXTENSIONS = ['.ts', '.tsx'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return EXTENSIONS.includes(path.extname(full)) && !full.endsWith('.d.ts') ? [full] : [];
  });
}

function resolve(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith('@/')) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith('.')) base = path.resolve(path.dirname(from), specifier);
  else return null; // a package
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of PRODUCT.flatMap((dir) => sourceFiles(path.join(ROOT, dir)))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets: string[] = [];
    for (const { fileName } of importedFiles) {
      const target = resolve(file, fileName);
      if (fileName.startsWith('.') || fileName.startsWith('@/')) {
        expect(target, `${path.relative(ROOT, file)} imports "${fileName}", which is no file`).not.toBeNull();
      }
      if (target && !target.endsWith('.css')) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the files along it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

const rel = (file: string) => path.relative(ROOT, file);

describe('the import graph of the product', () => {
  const graph = importGraph();

  it('sees every product module, type-only imports and the @/ alias included', () => {
    expect(graph.size).toBeGreaterThan(50);
    const messages = graph.get(path.join(ROOT, 'utils/messages.ts'))!.map(rel);
    // messages.ts imports nothing but types, through relative paths.
    expect(messages).toContain('utils/ledger/types.ts');
    const background = graph.get(path.join(ROOT, 'entrypoints/background/index.ts'))!.map(rel);
    expect(background).toContain('utils/browser/messaging.ts');
  });

  it('has no cycle', () => {
    expect(cycles(graph).map((cycle) => cycle.map(rel).join(' → '))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const a = path.join(ROOT, 'a.ts');
    const b = path.join(ROOT, 'b.ts');
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual([[a, b, a]]);
  });

  it('builds background services only in the composition root: no service imports another', () => {
    const dir = path.join(ROOT, 'entrypoints/background');
    const root = path.join(dir, 'index.ts');
    const crossings = [...graph]
      .filter(([file]) => path.dirname(file) === dir && file !== root)
      .flatMap(([file, targets]) => targets.filter((t) => path.dirname(t) === dir).map((t) => `${rel(file)} → ${rel(t)}`));
    expect(crossings).toEqual([]);
  });
});
