import type { RecordsDb } from '@/utils/browser/firm-replica';
import { startCatchUp, type CatchUp } from '@/utils/firm-ledger/catch-up';

// When the records written to one replica are folded: this browser's own commands and replication
// say what they wrote, with the records in hand, so nothing reads the replica's changes back while a
// first replication writes thousands a second. Arrivals come in bursts: one fold per burst, or one
// when replication has caught up; while it catches up, its batches are folded as they come
// (utils/firm-ledger/catch-up.ts) and what they could not fold alone is read whole afterwards.

/** Up to this many records in one burst of arrivals are read with their incidents; more, the replica in one pass. */
const ARRIVALS_READ_MAX = 400;

export interface Arrivals {
  /**
   * Replication from the server is at work (a first replication, back from offline, a wake, new
   * records): its batches are folded as they come, and what they could not fold alone, with this
   * browser's own arrivals, once it has caught up or stopped.
   */
  catchUp(): void;
  caughtUp(): void;
  /** This browser's commands wrote these records to the replica: fold them. */
  arrived(recordIds: Iterable<string>): void;
  /** Replication wrote these records to the replica: fold them, batch by batch while catching up. */
  replicated(docs: readonly { _id: string }[]): void;
  /**
   * Replication failed after writing a batch, or was cancelled (`later`: it may still write the
   * batch it was fetching), and never announced what it wrote: looked for now, and if `later`,
   * again once the next replication has caught up.
   */
  unannounced(later: boolean): void;
  /** Records in the replica since the last fold that nobody announced (written before the worker last stopped). */
  sweep(): void;
  stop(): void;
}

export interface ArrivalFolds {
  /** Commands and folds run one at a time, so neither overwrites the other. */
  serial<T>(work: () => Promise<T>): Promise<T>;
  /** The sequence of the replica up to which everything is folded. */
  lastSeq(): Promise<number | string>;
  /** Folds the incidents of these records (null: the whole replica) and those to read whole, noting `seq` as folded. */
  fold(ids: Set<string> | null, whole: Set<string>, seq: number | string): Promise<void>;
  /** One batch of a catch-up, folded where it holds incidents whole. */
  foldBatch(state: CatchUp, docs: readonly unknown[]): Promise<void>;
  failed(error: unknown): Promise<void>;
}

export function trackArrivals(replica: RecordsDb, folds: ArrivalFolds): Arrivals {
  // The ids of the records that arrived since the last fold (up to ARRIVALS_READ_MAX; null beyond,
  // and a pass over the whole replica folds every incident).
  let ids: Set<string> | null = new Set();
  /** Incidents to read whole from the replica at the next fold (left over by a catch-up). */
  let incidentIds = new Set<string>();
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let catchingUp = false;
  let catchUp: CatchUp | null = null;
  /**
   * The replica's sequence when the current catch-up began. Until it has caught up, a fold
   * stores no later sequence: the catch-up's own batches may still wait to be folded.
   */
  let catchUpFrom: Promise<number | string> | null = null;
  /** Catch-ups begun so far; a sweep waits for the end of a catch-up begun after its cause. */
  let catchUps = 0;
  /** A cancelled or failed replication: from where to look again once the next has caught up. */
  let sweepLater: { from: Promise<number | string>; after: number } | null = null;

  const fold = () => {
    timer = null;
    if (!pending) return;
    pending = false;
    void folds
      .serial(async () => {
        // The replica's sequence first, then what was announced: a write is announced as soon as
        // it is stored, so every write up to this sequence is in this fold.
        const seq = catchingUp && catchUpFrom ? await catchUpFrom : (await replica.info()).update_seq;
        const [arrivedIds, wholeIds] = [ids, incidentIds];
        ids = new Set();
        incidentIds = new Set();
        await folds.fold(arrivedIds, wholeIds, seq);
      })
      .catch((error: unknown) => folds.failed(error));
  };

  const arrived = (recordIds: Iterable<string>) => {
    for (const id of recordIds) {
      if (id.startsWith('_')) continue;
      pending = true;
      if (ids) ids.add(id);
      if (ids && ids.size > ARRIVALS_READ_MAX) ids = null;
    }
    if (pending && !catchingUp) timer ??= setTimeout(fold, 50);
  };

  const sweepNow = async (from: Promise<number | string>) => {
    try {
      const missed = await replica.changes({ since: await from, return_docs: true });
      arrived(missed.results.map((change) => change.id));
    } catch {
      ids = null;
      pending = true;
    }
  };

  return {
    arrived,
    replicated(docs) {
      const state = catchUp;
      if (!state) {
        arrived(docs.map((doc) => doc._id));
        return;
      }
      void folds.serial(async () => {
        try {
          await folds.foldBatch(state, docs);
        } catch (error) {
          // Not folded now: the whole replica is, once caught up.
          state.toRead = null;
          await folds.failed(error);
        }
      });
    },
    catchUp() {
      if (catchingUp) return;
      catchingUp = true;
      catchUps += 1;
      catchUp = startCatchUp();
      catchUpFrom = replica.info().then((info) => info.update_seq);
      catchUpFrom.catch(() => undefined);
    },
    caughtUp() {
      if (!catchingUp) return;
      catchingUp = false;
      const state = catchUp;
      catchUp = null;
      const ended = catchUps;
      // What the batches could not fold alone, read whole now: merged in turn, after the batches
      // still waiting to be folded have said what they left.
      void folds.serial(async () => {
        if (sweepLater && ended > sweepLater.after) {
          const { from } = sweepLater;
          sweepLater = null;
          await sweepNow(from);
        }
        if (state && state.seen.size > 0) {
          pending = true;
          if (state.toRead === null) ids = null;
          else for (const id of state.toRead) incidentIds.add(id);
        }
        if (!catchingUp) timer ??= setTimeout(fold, 0);
      });
    },
    unannounced(later) {
      // The lower of the last fold's sequence and the replica's now: a cancelled replication may
      // still write the batch it was fetching, after this, with later sequences.
      const from = Promise.all([folds.lastSeq(), replica.info()]).then(([stored, info]) =>
        typeof stored === 'number' && typeof info.update_seq === 'number' ? Math.min(stored, info.update_seq) : stored,
      );
      from.catch(() => undefined);
      if (later) sweepLater ??= { from, after: catchUps };
      void folds.serial(() => sweepNow(from));
    },
    sweep() {
      void folds.serial(() => sweepNow(folds.lastSeq()));
    },
    stop() {
      if (timer) clearTimeout(timer);
    },
  };
}
