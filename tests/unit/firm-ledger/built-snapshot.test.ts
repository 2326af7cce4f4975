import { describe, expect, it } from 'vitest';
import { parseManifest, partName, partsSource, snapshotFresh, type SnapshotManifest, type SnapshotPart } from '@/utils/firm-ledger/built-snapshot';
import type { ServerDoc, SnapshotSource } from '@/utils/firm-ledger/snapshot';

// The snapshot IT keeps beside the ledger: its manifest read as untrusted text, whether a new
// browser starts from it, and its parts read as the server's pages would be, with the server's own
// pages wherever a part fails.

const docs: ServerDoc[] = Array.from({ length: 95 }, (_, i) => ({ _id: `doc-${String(i).padStart(3, '0')}`, _rev: '1-a', n: i }));

/** The server's `_all_docs` pages over the same documents, counting its requests. */
function serverPages() {
  const asked: (string | null)[] = [];
  const source: SnapshotSource = {
    seq: async () => '95-now',
    page: async (after, limit) => {
      asked.push(after);
      return docs.filter((d) => after === null || d._id > after).slice(0, limit);
    },
    revisions: async () => [],
  };
  return { source, asked };
}

function manifestOf(size: number): { manifest: SnapshotManifest; parts: Map<string, ServerDoc[]> } {
  const parts = new Map<string, ServerDoc[]>();
  const list: SnapshotPart[] = [];
  for (let from = 0; from < docs.length; from += size) {
    const slice = docs.slice(from, from + size);
    const name = partName(list.length + 1);
    parts.set(name, slice);
    list.push({ name, first: slice[0]!._id, last: slice.at(-1)!._id, docs: slice.length });
  }
  return { manifest: { build: 'b1', seq: '95-kept', builtAt: 1, docs: docs.length, parts: list }, parts };
}

/** Every page from the first, as the first sync reads them (the first small, each next twice as large). */
async function readAll(source: SnapshotSource): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let limit = 7; ; limit = Math.min(limit * 2, 40)) {
    const page = await source.page(after, limit);
    ids.push(...page.map((d) => d._id));
    if (page.length < limit) return ids;
    after = page.at(-1)!._id;
  }
}

describe('the kept snapshot', () => {
  it('gives the same pages as the server, each part read once, and never asks the server', async () => {
    const { manifest, parts } = manifestOf(20);
    const read: string[] = [];
    const server = serverPages();
    const source = partsSource(manifest, async (part) => (read.push(part.name), parts.get(part.name)), server.source);
    expect(await readAll(source)).toEqual(docs.map((d) => d._id));
    expect(read).toEqual(['part-0001.json', 'part-0002.json', 'part-0003.json', 'part-0004.json', 'part-0005.json']);
    expect(server.asked).toEqual([]);
    // From the middle of a part, across the next: what `_all_docs` gives after that id.
    expect((await source.page('doc-038', 5)).map((d) => d._id)).toEqual(['doc-039', 'doc-040', 'doc-041', 'doc-042', 'doc-043']);
    expect(await source.page('doc-094', 10)).toEqual([]);
    expect(await source.seq()).toBe('95-kept');
  });

  it("reads the server's pages from where a part is missing or not what the manifest says", async () => {
    for (const spoil of [
      (p: ServerDoc[]) => p.slice(1),
      (p: ServerDoc[]) => [p[1]!, p[0]!, ...p.slice(2)],
      (p: ServerDoc[]) => p.map((d, i) => (i === 3 ? { ...d, _rev: undefined } : d)),
      () => ({ error: 'not_found' }),
      () => Promise.reject(new TypeError('Failed to fetch')),
    ]) {
      const { manifest, parts } = manifestOf(20);
      const server = serverPages();
      const source = partsSource(manifest, async (part) => (part.name === 'part-0003.json' ? spoil(parts.get(part.name)!) : parts.get(part.name)), server.source);
      expect(await readAll(source)).toEqual(docs.map((d) => d._id));
      expect(server.asked.length).toBeGreaterThan(0);
      // Everything before the spoilt part came from the snapshot.
      expect(server.asked[0]! >= 'doc-020').toBe(true);
    }
  });

  it('is used while the server has taken little since, and not for another database of the same name', () => {
    const { manifest } = manifestOf(20);
    expect(snapshotFresh({ ...manifest, seq: '95-kept' }, '96-g1AAAA')).toBe(true);
    expect(snapshotFresh({ ...manifest, seq: 95 }, 5_095)).toBe(true);
    expect(snapshotFresh({ ...manifest, seq: 95 }, 5_096)).toBe(false);
    expect(snapshotFresh({ ...manifest, docs: 100_000, seq: '100000-x' }, '125000-y')).toBe(true);
    expect(snapshotFresh({ ...manifest, docs: 100_000, seq: '100000-x' }, '125001-y')).toBe(false);
    expect(snapshotFresh({ ...manifest, seq: '95-kept' }, '12-recreated')).toBe(false);
    expect(snapshotFresh({ ...manifest, seq: 'garbage' }, '96-x')).toBe(false);
  });

  it('refuses a manifest that is not one: a first sync then reads the server', () => {
    const { manifest } = manifestOf(20);
    const doc = { _id: '_design/snapshot', _rev: '3-x', validate_doc_update: 'function () {}', ...manifest };
    expect(parseManifest(doc)).toEqual(manifest);
    const parts = manifest.parts;
    for (const bad of [
      null,
      'text',
      { ...manifest, build: '../../_users' },
      { ...manifest, seq: { n: 1 } },
      { ...manifest, docs: 94 },
      { ...manifest, parts: [parts[1], parts[0], ...parts.slice(2)] },
      { ...manifest, parts: [{ ...parts[0]!, name: '../rules.json' }, ...parts.slice(1)] },
      { ...manifest, parts: [{ ...parts[0]!, last: parts[1]!.first }, ...parts.slice(1)] },
      { ...manifest, parts: [{ ...parts[0]!, docs: 0 }, ...parts.slice(1)], docs: 75 },
    ]) {
      expect(parseManifest(bad)).toBeNull();
    }
  });
});
