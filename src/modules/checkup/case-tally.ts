/** A case as the tally needs it: where (a 12-digit region code or none), what, and whether it is synthetic. */
export interface TallyCase {
  region: string | null;
  category: string | null;
  kind: string;
  synthetic: boolean;
  /** How many such cases (a row of the hotline's tallies); 1 when absent. */
  count?: number;
}

/** Counts of one region's cases in a year. */
export interface RegionTally {
  total: number;
  synthetic: number;
  categorised: number;
  /** By full category code. */
  byCategory: Map<string, number>;
  byKind: Map<string, number>;
}

/** A year's cases counted for every region that contains them, keyed by significant prefix (`11`, `110105`, `110105001`). */
export type Tally = Map<string, RegionTally>;

const prefixLengths = [2, 4, 6, 9, 12];

/**
 * Counts cases into every region that contains them (a case in 东华门街道 counts for the street,
 * 东城区, 市辖区 and 北京市); cases without a region count for the city (`root`) only. An entry
 * with a `count` stands for that many cases alike.
 */
export function tallyCases(cases: Iterable<TallyCase>, root: string, into: Tally = new Map()): Tally {
  for (const c of cases) {
    const keys = c.region ? prefixesOf(c.region) : [root];
    if (c.region && !keys.includes(root)) keys.push(root);
    const n = c.count ?? 1;
    for (const key of keys) {
      let t = into.get(key);
      if (!t) into.set(key, (t = { total: 0, synthetic: 0, categorised: 0, byCategory: new Map(), byKind: new Map() }));
      t.total += n;
      if (c.synthetic) t.synthetic += n;
      if (c.category) {
        t.categorised += n;
        t.byCategory.set(c.category, (t.byCategory.get(c.category) ?? 0) + n);
      }
      t.byKind.set(c.kind, (t.byKind.get(c.kind) ?? 0) + n);
    }
  }
  return into;
}

/** How many of a region's cases fall in any of the category prefixes. */
export function countMatching(t: RegionTally, categories: readonly string[]): number {
  let n = 0;
  for (const [code, count] of t.byCategory) if (categories.some((p) => code.startsWith(p))) n += count;
  return n;
}

/** The significant prefixes of a 12-digit code, widest first: `110101001000` → 11, 1101, 110101, 110101001. */
export function prefixesOf(code: string): string[] {
  const full = code.padEnd(12, '0');
  const out: string[] = [];
  for (const len of prefixLengths) {
    out.push(full.slice(0, len));
    if (/^0*$/.test(full.slice(len))) break;
  }
  return out;
}
