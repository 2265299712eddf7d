import { addMonths, monthOf, monthStart, riseScore } from './rate-change.js';

/**
 * Monthly topic candidates (每月一题): the categories and places whose volume rises fastest
 * month over month, and those that come back every month. Pure: cases in, ranked
 * candidates with their evidence out.
 */
export interface TopicCase {
  id: string;
  category: string;
  region: string | null;
  at: Date;
}

export interface TopicOptions {
  /** The month looked at, `YYYY-MM`, local time. */
  month: string;
  utcOffsetMinutes: number;
  /** The end of the data (now): a month not over yet counts for the part elapsed. */
  asOf?: Date;
  /** The start of the data (the first case): a month before it is unknown, not quiet. */
  dataFrom?: Date;
  /** Rising: at least this many cases in the month… */
  minCount?: number;
  /** …and a rise score (z) of at least this. */
  minScore?: number;
  /** Recurring: present in each of this many months ending with the month… */
  recurMonths?: number;
  /** …with at least this many cases each (scaled down for a month not over yet). */
  floor?: number;
  evidence?: number;
  limit?: number;
}

export type PlaceLevel = 'city' | 'district' | 'street';

export interface TopicCandidate {
  category: string;
  /** The region prefix, or null for the whole city. */
  place: string | null;
  level: PlaceLevel;
  /** Cases per month, oldest first, ending with the month looked at. */
  months: { month: string; count: number }[];
  count: number;
  before: number;
  /** Rising: the z-score of the rise; recurring: the fewest cases in any of the months. */
  score: number;
  caseIds: string[];
}

/** Rising and recurring candidates for a month, best first. */
export function topicCandidates(cases: readonly TopicCase[], { month, utcOffsetMinutes, asOf, dataFrom, minCount = 10, minScore = 2, recurMonths = 3, floor = 5, evidence = 10, limit = 20 }: TopicOptions): { rising: TopicCandidate[]; recurring: TopicCandidate[] } {
  const span = Math.max(2, recurMonths);
  const months = Array.from({ length: span }, (_, i) => addMonths(month, i - span + 1));
  const index = new Map(months.map((m, i) => [m, i]));
  const groups = new Map<string, { category: string; place: string | null; level: PlaceLevel; counts: number[]; ids: TopicCase[] }>();
  for (const c of cases) {
    const i = index.get(monthOf(c.at, utcOffsetMinutes));
    if (i === undefined) continue;
    const places: [string | null, PlaceLevel][] = [[null, 'city']];
    if (c.region && c.region.length >= 6) places.push([c.region.slice(0, 6), 'district']);
    if (c.region && c.region.length >= 9) places.push([c.region.slice(0, 9), 'street']);
    for (const [place, level] of places) {
      const key = `${c.category}|${place ?? ''}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { category: c.category, place, level, counts: new Array(span).fill(0), ids: [] }));
      g.counts[i]!++;
      if (i === span - 1) g.ids.push(c);
    }
  }
  // Each month counts for the part of it the data covers: not before the first case, not after now.
  const covered = months.map((_, i) => {
    const start = monthStart(month, utcOffsetMinutes, i - span + 1).getTime();
    const end = monthStart(month, utcOffsetMinutes, i - span + 2).getTime();
    const from = Math.max(start, dataFrom?.getTime() ?? start);
    const to = Math.min(end, asOf?.getTime() ?? end);
    return { ms: Math.max(0, to - from), share: Math.max(0, to - from) / (end - start) };
  });
  const nowCover = covered[span - 1]!;
  const beforeCover = covered[span - 2]!;
  const candidate = (g: typeof groups extends Map<string, infer V> ? V : never, score: number): TopicCandidate => ({
    category: g.category,
    place: g.place,
    level: g.level,
    months: months.map((m, i) => ({ month: m, count: g.counts[i]! })),
    count: g.counts[span - 1]!,
    before: g.counts[span - 2]!,
    score: Math.round(score * 100) / 100,
    caseIds: g.ids
      .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, evidence)
      .map((c) => c.id),
  });
  const rising: TopicCandidate[] = [];
  const recurring: TopicCandidate[] = [];
  for (const g of groups.values()) {
    const now = g.counts[span - 1]!;
    const before = g.counts[span - 2]!;
    if (now >= minCount && nowCover.ms > 0 && beforeCover.ms > 0) {
      const z = riseScore(now, before, nowCover.ms, beforeCover.ms);
      if (z >= minScore) rising.push(candidate(g, z));
    }
    // Recurring: above the floor (scaled to the part covered) in each month; scored by the slowest month's pace.
    const tail = g.counts.map((n, i) => ({ n, share: covered[i]!.share })).slice(span - recurMonths);
    if (now > 0 && tail.every((m) => m.share > 0 && m.n >= Math.ceil(floor * m.share))) recurring.push(candidate(g, Math.min(...tail.map((m) => m.n / m.share))));
  }
  const byScore = (a: TopicCandidate, b: TopicCandidate) => b.score - a.score || b.count - a.count || a.category.localeCompare(b.category) || (a.place ?? '').localeCompare(b.place ?? '');
  return { rising: finest(rising).sort(byScore).slice(0, limit), recurring: finest(recurring).sort(byScore).slice(0, limit) };
}

// A place whose cases all lie in one smaller place says nothing more: the smaller one stays.
function finest(list: TopicCandidate[]): TopicCandidate[] {
  const same = (a: TopicCandidate, b: TopicCandidate) => a.months.every((m, i) => m.count === b.months[i]!.count);
  return list.filter((c) => !list.some((d) => d !== c && d.category === c.category && (d.place?.length ?? 0) > (c.place?.length ?? 0) && (d.place ?? '').startsWith(c.place ?? '') && same(c, d)));
}
