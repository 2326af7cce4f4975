import { describe, expect, it } from 'vitest';
import { revsDiffFromCurrent } from '@/utils/firm-ledger/revs-diff';
import { openReplica } from '@/utils/browser/firm-replica';

// A first replication asks the replica, batch after batch, which records it lacks. The answer from
// one read of the batch must be the answer PouchDB gives from each record's revision tree.

describe('which revisions a replication still fetches', () => {
  it('decides absent and current records, and leaves every other case to the revision tree', () => {
    const current = new Map<string, string | null>([
      ['a/opened', null],
      ['b/opened', '1-b'],
      ['c/opened', '1-c'],
      ['d/opened', '2-d'],
    ]);
    const { missing, undecided } = revsDiffFromCurrent(
      { 'a/opened': ['1-a'], 'b/opened': ['1-b'], 'c/opened': ['1-x'], 'd/opened': ['1-d', '2-d'], 'e/opened': ['1-e'] },
      current,
    );
    expect(missing).toEqual({ 'a/opened': { missing: ['1-a'] } });
    expect(undecided.sort()).toEqual(['c/opened', 'd/opened', 'e/opened']);
  });

  it("gives the replica's answer PouchDB gives, for held, absent, conflicting and deleted records", async () => {
    const replica = openReplica(`https://ledger.example/diff-${Math.random()}`);
    const rev = (n: number, hash: string) => ({ start: n, ids: [hash] });
    // As replication writes them: revisions given, not made here.
    const writeAsReplicated = replica.bulkDocs.bind(replica) as unknown as (docs: unknown[], options: { new_edits: false }) => Promise<unknown>;
    await writeAsReplicated(
      [
        { _id: 'held/opened', _rev: '1-aaa', _revisions: rev(1, 'aaa') },
        { _id: 'conflict/opened', _rev: '1-bbb', _revisions: rev(1, 'bbb') },
        { _id: 'conflict/opened', _rev: '1-ccc', _revisions: rev(1, 'ccc') },
        { _id: 'gone/opened', _rev: '1-ddd', _revisions: rev(1, 'ddd') },
        { _id: 'gone/opened', _rev: '2-eee', _deleted: true, _revisions: { start: 2, ids: ['eee', 'ddd'] } },
      ],
      { new_edits: false },
    );
    const request = {
      'held/opened': ['1-aaa'],
      'absent/opened': ['1-fff'],
      'conflict/opened': ['1-bbb', '1-ccc', '1-zzz'],
      'gone/opened': ['1-ddd', '2-eee', '3-yyy'],
      'held/granted': ['1-ggg'],
    };
    const answer = await replica.revsDiff(request);
    expect(answer).toEqual({
      'absent/opened': { missing: ['1-fff'] },
      'conflict/opened': { missing: ['1-zzz'] },
      'gone/opened': { missing: ['3-yyy'] },
      'held/granted': { missing: ['1-ggg'] },
    });
    await replica.destroy();
  });
});
