import { describe, expect, it } from 'vitest';
import { createGroupCommitter } from './group-commit.js';

/** A fake transaction log: what each committed transaction held, and how many rolled back. */
function fakeDb({ commitMs = 5 } = {}) {
  const committed: number[][] = [];
  let rolledBack = 0;
  return {
    committed,
    rolledBack: () => rolledBack,
    async transaction<R>(fn: (trx: number[]) => Promise<R>): Promise<R> {
      const trx: number[] = [];
      try {
        const r = await fn(trx);
        await new Promise((res) => setTimeout(res, commitMs));
        committed.push(trx);
        return r;
      } catch (err) {
        rolledBack++;
        throw err;
      }
    },
  };
}

describe('group commit', () => {
  it('sends the first item alone and groups those that arrive while it commits', async () => {
    const db = fakeDb();
    const gc = createGroupCommitter<number[], number, string>({
      transaction: (fn) => db.transaction(fn),
      write: async (trx, items) => {
        trx.push(...items);
        return items.map((i) => `ok ${i}`);
      },
    });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => gc.submit(i)));
    expect(results).toEqual(Array.from({ length: 10 }, (_, i) => `ok ${i}`));
    expect(db.committed).toEqual([[0], [1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(gc.stats()).toMatchObject({ groups: 2, items: 10, largestGroup: 9, splits: 0, queued: 0 });
  });

  it('under load, waits gatherMs after a commit for more items; an item at an idle committer goes at once', async () => {
    const db = fakeDb({ commitMs: 5 });
    const gc = createGroupCommitter<number[], number, number>({ transaction: (fn) => db.transaction(fn), write: async (trx, items) => (trx.push(...items), items), gatherMs: 30 });
    const first = gc.submit(0);
    const started = performance.now();
    await first;
    expect(performance.now() - started).toBeLessThan(25);
    // Right after that commit: one item now, another 10 ms later; both go in one group, after the wait.
    const a = gc.submit(1);
    await new Promise((r) => setTimeout(r, 10));
    const b = gc.submit(2);
    await Promise.all([a, b]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
    expect(db.committed).toEqual([[0], [1, 2]]);
    // Long after the last commit, the committer is idle again: no wait.
    await new Promise((r) => setTimeout(r, 60));
    const t = performance.now();
    await gc.submit(3);
    expect(performance.now() - t).toBeLessThan(25);
    expect(() => createGroupCommitter({ transaction: (fn) => fn(null), write: async () => [], gatherMs: -1 })).toThrow(/gatherMs/);
  });

  it('answers nobody before their group committed', async () => {
    const db = fakeDb({ commitMs: 30 });
    const gc = createGroupCommitter<number[], number, number>({ transaction: (fn) => db.transaction(fn), write: async (trx, items) => (trx.push(...items), items) });
    let answered = false;
    const p = gc.submit(1).then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(answered).toBe(false);
    await p;
    expect(db.committed).toEqual([[1]]);
  });

  it('keeps groups within maxGroup', async () => {
    const db = fakeDb();
    const gc = createGroupCommitter<number[], number, number>({ transaction: (fn) => db.transaction(fn), write: async (trx, items) => (trx.push(...items), items), maxGroup: 3 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => gc.submit(i)));
    expect(db.committed.map((g) => g.length)).toEqual([1, 3, 3, 1]);
  });

  it('fails only the bad item: a failing group is split until the item is alone', async () => {
    const db = fakeDb({ commitMs: 1 });
    const gc = createGroupCommitter<number[], number, number>({
      transaction: (fn) => db.transaction(fn),
      write: async (trx, items) => {
        for (const i of items) {
          if (i === 6) throw new Error('item 6 is bad');
          trx.push(i);
        }
        return items;
      },
    });
    const settled = await Promise.allSettled(Array.from({ length: 9 }, (_, i) => gc.submit(i)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[6] as PromiseRejectedResult).reason.message).toBe('item 6 is bad');
    // Every good item committed exactly once; the bad one never.
    expect(db.committed.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 7, 8]);
    // 8 items after the first: split 8 → 4+4, 4 → 2+2, 2 → 1+1: three splits, four rollbacks.
    expect(gc.stats().splits).toBe(3);
    expect(db.rolledBack()).toBe(4);
  });

  it('waits until idle', async () => {
    const db = fakeDb();
    const gc = createGroupCommitter<number[], number, number>({ transaction: (fn) => db.transaction(fn), write: async (trx, items) => (trx.push(...items), items) });
    for (let i = 0; i < 5; i++) void gc.submit(i);
    await gc.idle();
    expect(db.committed.flat()).toHaveLength(5);
    await gc.idle();
  });

  it('refuses a writer that answers for fewer items than it was given', async () => {
    const db = fakeDb();
    const gc = createGroupCommitter<number[], number, number>({ transaction: (fn) => db.transaction(fn), write: async () => [] });
    await expect(gc.submit(1)).rejects.toThrow('group writer returned 0 results for 1 items');
  });
});
