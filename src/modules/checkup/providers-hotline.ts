import type { IndicatorProvider, IndicatorScope } from '../../core/module.js';
import type { Kernel } from '../../core/kernel.js';
import { lineage } from '../regions/index.js';
import { countMatching, prefixesOf, type RegionTally } from './case-tally.js';
import { yearRates, yearTally, type RateName } from './hotline-source.js';
import { figuresOf, inBaseUnits, latestFigure } from './regions-source.js';

const tallyOf = (k: Kernel, s: IndicatorScope) => s.memo(`hotline.tally:${s.year}`, () => yearTally(k, s.cityCode, s.year));
const keyOf = (regionCode: string) => prefixesOf(regionCode).at(-1)!;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

// Synthetic demo cases make a sample value, never a real one.
function provenance(t: RegionTally, what: string): { source: string; sample: boolean } {
  const synthetic = t.synthetic > 0 ? `; ${t.synthetic} of ${t.total} cases synthetic (demo data)` : '';
  return { source: `citywork hotline (12345) cases: ${what}${synthetic}`, sample: t.synthetic > 0 };
}

function rateProvider(code: string, rate: RateName, zh: string): IndicatorProvider {
  return {
    code,
    description: `${zh} (${rate} rate) of the 12345 hotline's monthly assessment, summed over the year's months: numerator ÷ denominator × 100`,
    async compute(k, s) {
      const [rates, tally] = await Promise.all([s.memo(`hotline.rates:${s.year}`, () => yearRates(k, s.cityCode, s.year)), tallyOf(k, s)]);
      const r = rates.get(keyOf(s.regionCode))?.[rate];
      if (!r?.denominator) return { value: null };
      const t = tally.get(keyOf(s.regionCode));
      const p = t ? provenance(t, `${zh}, ${round(r.numerator, 2)} of ${r.denominator} steps`) : { source: `citywork hotline assessment: ${zh}`, sample: false };
      return { value: round((r.numerator / r.denominator) * 100, 2), ...p };
    },
  };
}

const requestsPer10k: IndicatorProvider = {
  code: 'hotline.requests-per-10k',
  description: 'Hotline cases received in the year per 10,000 resident population (the latest census figure the regions module has)',
  async compute(k, s) {
    const t = (await tallyOf(k, s)).get(keyOf(s.regionCode));
    const pop = latestFigure(await figuresOf(k, s.cityCode, s.regionCode, s.memo), 'resident_population', s.year);
    const persons = pop ? inBaseUnits(pop) : null;
    if (!t || !persons) return { value: null };
    const p = provenance(t, `${t.total} cases ÷ resident population ${persons} (${pop!.year}, ${pop!.source})`);
    return { value: round((t.total / persons) * 10_000, 2), ...p };
  },
};

const categoryShare: IndicatorProvider = {
  code: 'hotline.category-share',
  description: 'Share (%) of the year’s hotline cases in the category prefixes of `params.categories`, over all cases of the region',
  async compute(k, s) {
    const categories = strings(s.params.categories);
    const t = (await tallyOf(k, s)).get(keyOf(s.regionCode));
    if (!t?.total || !categories.length) return { value: null };
    const n = countMatching(t, categories);
    return { value: round((n / t.total) * 100, 2), coverage: t.categorised / t.total, ...provenance(t, `${n} of ${t.total} cases in ${categories.join(', ')}`) };
  },
};

const levelLength: Record<string, number> = { district: 6, township: 9, community: 12 };

const recurringRequests: IndicatorProvider = {
  code: 'hotline.recurring-requests',
  description: 'The regions at `params.objectLevel` (community, township, district) inside the region with at least `params.minCases` cases in `params.categories` in the year: a problem list',
  async compute(k, s) {
    const categories = strings(s.params.categories);
    const minCases = typeof s.params.minCases === 'number' && s.params.minCases > 0 ? s.params.minCases : 10;
    const level = typeof s.params.objectLevel === 'string' ? s.params.objectLevel : 'community';
    const len = levelLength[level];
    const tally = await tallyOf(k, s);
    const own = tally.get(keyOf(s.regionCode));
    if (!len || !categories.length || !own) return { value: null };
    const inside = keyOf(s.regionCode);
    const problems = [];
    for (const [key, t] of tally) {
      if (key.length !== len || !key.startsWith(inside) || key === inside) continue;
      const n = countMatching(t, categories);
      if (n < minCases) continue;
      const code = key.padEnd(12, '0');
      const name = (await lineage(k, s.cityCode, code))?.region.name ?? code;
      problems.push({ type: level, id: code, name, detail: `${n} cases in ${categories.join(', ')}` });
    }
    problems.sort((a, b) => a.id.localeCompare(b.id));
    return { value: problems.length, problems, ...provenance(own, `${level}s with ≥ ${minCases} cases in ${categories.join(', ')}`) };
  },
};

/** The indicator computations the checkup derives from the hotline's public face. */
export const hotlineProviders: IndicatorProvider[] = [
  rateProvider('hotline.response-rate', 'response', '响应率'),
  rateProvider('hotline.resolution-rate', 'resolution', '解决率'),
  rateProvider('hotline.satisfaction-rate', 'satisfaction', '满意率'),
  requestsPer10k,
  categoryShare,
  recurringRequests,
];

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
