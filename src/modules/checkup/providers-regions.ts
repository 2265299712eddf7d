import type { IndicatorProvider, IndicatorScope } from '../../core/module.js';
import type { Kernel } from '../../core/kernel.js';
import { figuresOf, inBaseUnits, latestFigure, type Figure } from './regions-source.js';

// A census figure stands for the years after it until the next one: ten years at most.
const censusAge = 10;

async function figures(k: Kernel, s: IndicatorScope): Promise<Figure[]> {
  return figuresOf(k, s.cityCode, s.regionCode, s.memo);
}

const cite = (...fs: Figure[]) => [...new Set(fs.map((f) => `${f.key} ${f.year}: ${f.source}`))].join('; ');

/** A ratio of two figures of the same year (the latest such year at or before the year asked for), × `factor`. */
function ratioProvider(code: string, description: string, num: string, den: string, factor: number, digits: number): IndicatorProvider {
  return {
    code,
    description,
    async compute(k, s) {
      const fs = await figures(k, s);
      const years = fs.filter((f) => f.key === num && f.year <= s.year && s.year - f.year <= censusAge).map((f) => f.year).sort((a, b) => b - a);
      for (const y of years) {
        const n = latestFigure(fs, num, y, 0);
        const d = latestFigure(fs, den, y, 0);
        const nv = n && inBaseUnits(n);
        const dv = d && inBaseUnits(d);
        if (nv !== null && nv !== undefined && dv) return { value: round((nv / dv) * factor, digits), source: cite(n!, d!) };
      }
      return { value: null };
    },
  };
}

const density: IndicatorProvider = {
  code: 'regions.population-density',
  description: 'Resident population ÷ land area (persons per km²): the latest census figure and the latest area the regions module has',
  async compute(k, s) {
    const fs = await figures(k, s);
    const pop = latestFigure(fs, 'resident_population', s.year, censusAge);
    // Land areas barely change: the latest one, whatever its year.
    const area = fs.filter((f) => f.key === 'area_km2').sort((a, b) => b.year - a.year)[0];
    const persons = pop && inBaseUnits(pop);
    if (!persons || !area?.value) return { value: null };
    return { value: Math.round(persons / area.value), source: cite(pop!, area) };
  },
};

const growth: IndicatorProvider = {
  code: 'regions.population-growth',
  description: 'Average annual growth (%) of the resident population between the two latest censuses at or before the year',
  async compute(k, s) {
    const pops = (await figures(k, s)).filter((f) => f.key === 'resident_population' && f.year <= s.year).sort((a, b) => b.year - a.year);
    const [later, earlier] = pops;
    if (!later || !earlier || s.year - later.year > censusAge) return { value: null };
    const a = inBaseUnits(earlier);
    const b = inBaseUnits(later);
    if (!a || !b) return { value: null };
    return { value: round((Math.pow(b / a, 1 / (later.year - earlier.year)) - 1) * 100, 2), source: cite(earlier, later) };
  },
};

/** The indicator computations the checkup derives from the regions module's figures (census, area, GDP). */
export const regionsProviders: IndicatorProvider[] = [
  density,
  ratioProvider('regions.urbanisation-rate', 'Urban (城镇) population ÷ resident population × 100, census figures of one year', 'urban_town_population', 'resident_population', 100, 2),
  ratioProvider('regions.urban-core-share', 'Urban-core (城区) resident population ÷ resident population × 100 (the measure of the city-size classes)', 'urban_resident_population', 'resident_population', 100, 2),
  ratioProvider('regions.registered-share', 'Registered (户籍) population ÷ resident population × 100, figures of one year: below 100 means residents without local registration', 'registered_population', 'resident_population', 100, 2),
  ratioProvider('regions.gdp-per-capita', 'GDP ÷ resident population (yuan per person), figures of one year', 'gdp', 'resident_population', 1, 0),
  growth,
];

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
