import { factorFor, type EmissionFactor } from './emission-factors.js';
import { sectorTable, sectors, type Sector } from './sectors.js';

/** One activity record: an amount of a fuel (or electricity, heat) used by a sector of a region in a year. */
export interface ActivityRecord {
  sector: Sector;
  fuel: string;
  amount: number;
  unit: string;
}

/** A region's figure (population in persons, GDP in yuan) with its year and source. */
export interface RegionFigure {
  value: number;
  year: number;
  source: string;
}

/** A region's energy CO2 for a year: total, by sector and fuel, per capita and per unit GDP. */
export interface Emissions {
  regionCode: string;
  year: number;
  /** tCO2; null when there is no activity data. */
  totalTCo2: number | null;
  bySector: { sector: Sector; name: { zh: string; en: string }; tCo2: number; share: number }[];
  byFuel: { fuel: string; name: string; amount: number; unit: string; tCo2PerUnit: number; factorYear: number | null; verified: boolean; tCo2: number }[];
  population: RegionFigure | null;
  gdp: RegionFigure | null;
  /** tCO2 per resident. */
  perCapitaT: number | null;
  /** tCO2 per 10 000 yuan of GDP (万元GDP二氧化碳排放). */
  perGdpTPer10kYuan: number | null;
  /** Whether every factor used was checked against its source. */
  verified: boolean;
  notes: string[];
}

/**
 * A region's CO2 from activity data × emission factors (IPCC 2006 Vol. 2 eq. 2.1, Tier 1),
 * summed by sector and fuel; per capita and per unit GDP when those figures are given. A record
 * whose fuel has no factor, or whose unit is not the factor's, is left out and said in the notes.
 */
export function computeEmissions(
  regionCode: string,
  year: number,
  records: readonly ActivityRecord[],
  factors: readonly EmissionFactor[],
  { population = null, gdp = null }: { population?: RegionFigure | null; gdp?: RegionFigure | null } = {},
): Emissions {
  const notes: string[] = [];
  const say = (n: string) => void (notes.includes(n) || notes.push(n));
  const bySector = new Map<Sector, number>();
  const byFuel = new Map<string, Emissions['byFuel'][number]>();
  let used = 0;
  for (const r of records) {
    const found = factorFor(factors, r.fuel, year);
    if (!found) {
      say(`${r.fuel}: no emission factor in the city's table; its records are left out`);
      continue;
    }
    const f = found.factor;
    if (found.note) say(found.note);
    if (r.unit !== f.activityUnit) {
      say(`${r.fuel} (${r.sector}): recorded in ${r.unit} but its factor is per ${f.activityUnit}; left out`);
      continue;
    }
    const t = r.amount * f.tCo2PerUnit;
    used++;
    bySector.set(r.sector, (bySector.get(r.sector) ?? 0) + t);
    const fuel = byFuel.get(f.code) ?? { fuel: f.code, name: f.name, amount: 0, unit: f.activityUnit, tCo2PerUnit: f.tCo2PerUnit, factorYear: f.fromYear || null, verified: f.verified, tCo2: 0 };
    fuel.amount += r.amount;
    fuel.tCo2 += t;
    byFuel.set(f.code, fuel);
  }
  const total = used ? [...bySector.values()].reduce((a, b) => a + b, 0) : null;
  if (total === null) say(`no usable activity data for ${regionCode} in ${year}`);
  if (population && population.year !== year) say(`per capita uses the ${population.year} population`);
  if (gdp && gdp.year !== year) say(`per unit GDP uses the ${gdp.year} GDP`);
  const fuels = [...byFuel.values()];
  const verified = fuels.every((f) => f.verified);
  if (!verified) say(`factors not checked against their source text: ${fuels.filter((f) => !f.verified).map((f) => f.fuel).join(', ')}`);
  return {
    regionCode,
    year,
    totalTCo2: total,
    bySector: sectors.filter((s) => bySector.has(s)).map((s) => ({ sector: s, name: { zh: sectorTable[s].zh, en: sectorTable[s].en }, tCo2: bySector.get(s)!, share: total ? bySector.get(s)! / total : 0 })),
    byFuel: fuels,
    population,
    gdp,
    perCapitaT: total !== null && population && population.value > 0 ? total / population.value : null,
    perGdpTPer10kYuan: total !== null && gdp && gdp.value > 0 ? total / (gdp.value / 10_000) : null,
    verified,
    notes,
  };
}
