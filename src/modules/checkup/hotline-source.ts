import { systemActor, systemContext } from '../../core/context.js';
import type { Kernel } from '../../core/kernel.js';
import { assessMonth, caseTallies, firstCaseReceivedAt } from '../hotline/index.js';
import { prefixesOf, tallyCases, type Tally } from './case-tally.js';

// Chinese cities keep one clock: a year runs from 1 January 00:00 +08:00.
const cityOffsetMs = 8 * 3_600_000;

/** The instants a calendar year in city time begins and ends. */
export function yearWindow(year: number): { from: Date; to: Date } {
  return { from: new Date(Date.UTC(year, 0, 1) - cityOffsetMs), to: new Date(Date.UTC(year + 1, 0, 1) - cityOffsetMs) };
}

/**
 * The city's hotline cases received in a year (merged duplicates left out), counted for every
 * region containing them, from the hotline's tallies (one SQL `group by`, no case read).
 */
export async function yearTally(k: Kernel, cityCode: string, year: number): Promise<Tally> {
  const actor = systemActor(cityCode, 'checkup');
  const root = prefixesOf(cityCode.padEnd(12, '0'))[0]!;
  const rows = await caseTallies(k, actor, { ...yearWindow(year), utcOffsetMinutes: cityOffsetMs / 60_000 });
  return tallyCases(
    rows.map((r) => ({ region: r.regionCode, category: r.categoryCode, kind: r.kind, synthetic: r.synthetic, count: r.cases })),
    root,
  );
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
  // A step comes after its case was received: months that ended before the first case have none.
  const first = await firstCaseReceivedAt(k, systemActor(cityCode, 'checkup'));
  const out: YearRates = new Map();
  for (let m = 1; m <= 12; m++) {
    if (Date.UTC(year, m - 1, 1) - cityOffsetMs > now.getTime()) break;
    if (!first || Date.UTC(year, m, 1) - cityOffsetMs <= first.getTime()) continue;
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
