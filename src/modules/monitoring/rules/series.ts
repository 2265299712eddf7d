/**
 * A time series kept in time order in two parallel arrays, with a head index before which
 * entries are dead (left the window). Appending in order is O(1); a late entry is inserted
 * in place (O(window)); an entry with a timestamp already present is refused, which makes
 * redelivered readings harmless.
 */
export interface Series {
  t: number[];
  v: number[];
}

/** Inserts (ts, v) at or after `head`; the index it went to, or -1 for a duplicate timestamp. */
export function insertAt(s: Series, head: number, ts: number, v: number): number {
  const t = s.t;
  const n = t.length;
  if (n === 0 || ts > t[n - 1]!) {
    t.push(ts);
    s.v.push(v);
    return n;
  }
  let lo = head;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < ts) lo = mid + 1;
    else hi = mid;
  }
  if (t[lo] === ts) return -1;
  t.splice(lo, 0, ts);
  s.v.splice(lo, 0, v);
  return lo;
}

/** Drops the first `n` entries, in place (no garbage: this runs on every reading's path). */
export function drop(s: Series, n: number): void {
  const len = s.t.length - n;
  s.t.copyWithin(0, n);
  s.v.copyWithin(0, n);
  s.t.length = len;
  s.v.length = len;
}

/** Drops the dead entries before `head` once they are many; the number dropped (subtract it from heads). */
export function compact(s: Series, head: number): number {
  if (head < 32 || head * 2 < s.t.length) return 0;
  drop(s, head);
  return head;
}
