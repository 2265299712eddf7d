import { systemActor, systemContext } from '../../core/context.js';
import type { Kernel } from '../../core/kernel.js';
import { assessMonth, queryCases } from '../hotline/index.js';
import { prefixesOf, tallyCases, type Tally } from './case-tally.js';

// Chinese cities keep one clock: a year runs from 1 January 00:00 +08:00.
const cityOffsetMs = 8 * 3_600_000;
const page = 5000;

/** The instants a calendar year in city time begins and ends. */
export function yearWindow(year: number): { from: Date; to: Date } {
  return { from: new Date(Date.UTC(year, 0, 1) - cityOffsetMs), to: new Date(Date.UTC(year + 1, 0, 1) - cityOffsetMs) };
}

/**
 * The city's hotline cases received in a year (merged duplicates left out), counted for every
 * region containing them, read through the hotline's public face a page at a time.
 */
export async function yearTally(k: Kernel, cityCode: string, year: number): Promise<Tally> {
  const actor = systemActor(cityCode, 'checkup');
  const { from, to } = yearWindow(year);
  const root = prefixesOf(cityCode.padEnd(12, '0'))[0]!;
  const tally: Tally = new Map();
  let cursor: string | null = null;
  for (;;) {
    const rows = await queryCases(k, actor, { from, to, cursor, limit: page }, page);
    tallyCases(
      rows.filter((r) => r.status !== 'merged').map((r) => ({ region: r.region_code, category: r.category_code, kind: r.kind, synthetic: (r.attributes as Record<string, unknown> | null)?.synthetic === true })),
      root,
      tally,
    );
    if (rows.length < page) break;
    cursor = Buffer.from(rows[rows.length - 1]!.id).toString('base64url');
  }
  return tally;
}

/** Numerator and denominator of one of the three rates. */
export interface RateSum {
  numerator: number;
  denominator: number;
}
export type RateName = 'response' | 'resolution' | 'satisfaction';
/** A year's 三率 summed over its months, for every region containing the cases. */
export type YearRates = Map<string, Record<RateName, RateSum>>;

/**
 * The hotline's 三率 for a year: each month's assessment (the hotline's own formulas, its
 * findings), summed per region over the months up to now. A step left out of a rate stays out.
 */
export async function yearRates(k: Kernel, cityCode: string, year: number): Promise<YearRates> {
  const ctx = systemContext(cityCode, 'checkup');
  const root = prefixesOf(cityCode.padEnd(12, '0'))[0]!;
  const now = k.clock.now();
  const out: YearRates = new Map();
  for (let m = 1; m <= 12; m++) {
    if (Date.UTC(year, m - 1, 1) - cityOffsetMs > now.getTime()) break;
    const a = await assessMonth(k, ctx, { month: `${year}-${String(m).padStart(2, '0')}`, by: 'district' });
    for (const f of a.findings) {
      if (f.score === null) continue;
      const keys = f.regionCode ? prefixesOf(f.regionCode) : [root];
      if (!keys.includes(root)) keys.push(root);
      for (const key of keys) {
        let r = out.get(key);
        if (!r) out.set(key, (r = { response: { numerator: 0, denominator: 0 }, resolution: { numerator: 0, denominator: 0 }, satisfaction: { numerator: 0, denominator: 0 } }));
        r[f.rate].numerator += f.score;
        r[f.rate].denominator += 1;
      }
    }
  }
  return out;
}
