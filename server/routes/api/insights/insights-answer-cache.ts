/**
 * What an answer's figures were made from, read in the request's transaction (migration 147):
 * who reads (account, group scope, whether a support grant lets them read at all) and the
 * version of every day the answer covers and of the account's vehicle and driver names.
 * Every version is a fresh value of one sequence, bumped by triggers in the transaction that
 * changes the rows, so two equal stamps mean the same rows under the same policies. Read by
 * `answerStamp` (insights-repository.ts).
 */
export interface AnswerStamp {
  /** Account and scope: answers are never shared across them. */
  reader: string;
  /** Versions of the days and the names. */
  versions: string;
}

/**
 * Answers kept in memory by request and reader, each with the versions it was made under, and
 * reused only while the versions read now are the same
 * (docs/decisions/0435-insights-answers-kept-until-their-days-change.md). A kept answer is never stale: any change to its days, names or groups changes the versions in the same
 * transaction as the change. The least recently used answer goes first when `capacity` is full.
 */
export class AnswerCache<T> {
  private readonly kept = new Map<string, { versions: string; value: T }>();
  hits = 0;
  misses = 0;

  private readonly capacity: number;

  constructor(capacity = 200) {
    this.capacity = capacity;
  }

  /** The kept value for `key` made under `stamp`, or `make()`'s, kept for the next request. */
  async get(key: string, stamp: AnswerStamp, make: () => Promise<T>): Promise<T> {
    const at = `${stamp.reader}\n${key}`;
    const entry = this.kept.get(at);
    if (entry && entry.versions === stamp.versions) {
      this.hits++;
      // Most recently used last: Map keeps insertion order.
      this.kept.delete(at);
      this.kept.set(at, entry);
      return entry.value;
    }
    this.misses++;
    const value = await make();
    this.kept.delete(at);
    this.kept.set(at, { versions: stamp.versions, value });
    while (this.kept.size > this.capacity) {
      const oldest = this.kept.keys().next();
      if (oldest.done) break;
      this.kept.delete(oldest.value);
    }
    return value;
  }

  get size(): number {
    return this.kept.size;
  }

  clear(): void {
    this.kept.clear();
  }
}
