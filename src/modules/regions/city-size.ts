/** A city-size class of 国发〔2014〕51号, by urban resident population (城区常住人口). */
export interface CitySizeClass {
  code: 'super-large' | 'mega' | 'large-1' | 'large-2' | 'medium' | 'small-1' | 'small-2';
  zh: string;
  en: string;
  /** Lower bound, inclusive ("以上包括本数"). */
  minPopulation: number;
  /** Upper bound, exclusive. */
  maxPopulation: number;
}

// 国务院关于调整城市规模划分标准的通知 (国发〔2014〕51号), §1: the seven classes by 城区常住人口.
export const citySizeClasses: readonly CitySizeClass[] = [
  { code: 'super-large', zh: '超大城市', en: 'super-large city', minPopulation: 10_000_000, maxPopulation: Infinity },
  { code: 'mega', zh: '特大城市', en: 'megacity', minPopulation: 5_000_000, maxPopulation: 10_000_000 },
  { code: 'large-1', zh: 'Ⅰ型大城市', en: 'type I large city', minPopulation: 3_000_000, maxPopulation: 5_000_000 },
  { code: 'large-2', zh: 'Ⅱ型大城市', en: 'type II large city', minPopulation: 1_000_000, maxPopulation: 3_000_000 },
  { code: 'medium', zh: '中等城市', en: 'medium-sized city', minPopulation: 500_000, maxPopulation: 1_000_000 },
  { code: 'small-1', zh: 'Ⅰ型小城市', en: 'type I small city', minPopulation: 200_000, maxPopulation: 500_000 },
  { code: 'small-2', zh: 'Ⅱ型小城市', en: 'type II small city', minPopulation: 0, maxPopulation: 200_000 },
];

/** The size class of a city from its urban resident population (persons). */
export function citySizeClass(urbanResidentPopulation: number): CitySizeClass {
  if (!Number.isFinite(urbanResidentPopulation) || urbanResidentPopulation < 0) {
    throw new RangeError(`urban resident population must be a finite number ≥ 0, got ${urbanResidentPopulation}`);
  }
  return citySizeClasses.find((c) => urbanResidentPopulation >= c.minPopulation && urbanResidentPopulation < c.maxPopulation)!;
}

/** How many cities fall in each class, in the order of the standard. */
export function countBySizeClass(populations: readonly number[]): { cls: CitySizeClass; count: number }[] {
  const counts = new Map(citySizeClasses.map((c) => [c.code, 0]));
  for (const p of populations) {
    const c = citySizeClass(p).code;
    counts.set(c, counts.get(c)! + 1);
  }
  return citySizeClasses.map((cls) => ({ cls, count: counts.get(cls.code)! }));
}
