/**
 * 再体检: whether a problem found in one year's checkup is still there in the next checkup of
 * the same indicator and region. `gone` when a later year has a value for that indicator and
 * region and the object is not on its list; `persists` when it is; `not_rechecked` while no
 * later year has a value.
 */
export type RecheckStatus = 'gone' | 'persists' | 'not_rechecked';

/** The later checkups of one indicator and region: per year, the objects on its list (`type|id`). */
export type LaterLists = ReadonlyMap<number, ReadonlySet<string>>;

/** The outcome of the first later checkup after `year` for an object, and the year it was. */
export function recheck(year: number, objectKey: string, later: LaterLists): { status: RecheckStatus; year: number | null } {
  const next = [...later.keys()].filter((y) => y > year).sort((a, b) => a - b)[0];
  if (next === undefined) return { status: 'not_rechecked', year: null };
  return { status: later.get(next)!.has(objectKey) ? 'persists' : 'gone', year: next };
}
