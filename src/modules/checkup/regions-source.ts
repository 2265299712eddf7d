import type { Kernel } from '../../core/kernel.js';
import { listAttributes } from '../regions/index.js';

/** One stored figure of a region (the regions module's `regions_attributes`). */
export interface Figure {
  year: number;
  key: string;
  value: number;
  unit: string | null;
  source: string;
}

/** A region's figures through the regions module, read once per computation run. */
export function figuresOf(k: Kernel, cityCode: string, regionCode: string, memo: <T>(key: string, fn: () => Promise<T>) => Promise<T>): Promise<Figure[]> {
  return memo(`regions.figures:${regionCode}`, async () => (await listAttributes(k.db, cityCode, regionCode)).map((r) => ({ year: r.year, key: r.key, value: Number(r.value), unit: r.unit, source: r.source })));
}

/** The latest figure of a key at or before `year` and at most `maxAge` years older; null when there is none. */
export function latestFigure(figures: readonly Figure[], key: string, year: number, maxAge = Infinity): Figure | null {
  const found = figures.filter((f) => f.key === key && f.year <= year && year - f.year <= maxAge).sort((a, b) => b.year - a.year)[0];
  return found ?? null;
}

// Units the figures come in: 万人 is ten thousand persons, 亿元 a hundred million yuan.
const scale: Record<string, number> = { 人: 1, persons: 1, 万人: 10_000, 亿元: 1e8, 万元: 1e4, 元: 1, km2: 1, 'km²': 1 };

/** A figure's value in base units (persons, yuan, km²); null for a unit the table does not know. */
export function inBaseUnits(f: Figure): number | null {
  if (f.unit === null) return f.value;
  const s = scale[f.unit];
  return s === undefined ? null : f.value * s;
}
