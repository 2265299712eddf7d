import { AppError } from '../../../core/errors.js';
import { compare, parseDecimal, toRational, type Rational } from '../aqi/decimal.js';
import { gb3838Table1, narrativeItems, waterClassLabels, waterClasses, type WaterClass, type WaterItem } from './gb3838-2002.js';

/** One item's class, and its limit in the target class. */
export interface ItemClass {
  value: number;
  class: WaterClass;
  /** Left out of the overall class (total nitrogen of a river). */
  informational?: boolean;
}

/** An item worse than the target class: by how much (超标倍数 = (C − limit)/limit, for upper limits). */
export interface Exceedance {
  item: string;
  value: number;
  class: WaterClass;
  limit: number | [number, number];
  multiple: number | null;
}

/** A sample's GB 3838-2002 class: per item, overall (the worst item), and what exceeds the target class. */
export interface WaterClassResult {
  class: WaterClass;
  /** 1–6 (6: worse than V). */
  classNumber: number;
  label: { zh: string; en: string };
  items: Record<string, ItemClass>;
  /** The items that set the overall class. */
  worst: string[];
  target: WaterClass;
  exceeded: Exceedance[];
  notes: string[];
  standard: 'GB 3838-2002';
}

const rank = (c: WaterClass) => waterClasses.indexOf(c) + 1;

function classOf(item: WaterItem, v: Rational, limits: readonly number[]): WaterClass {
  const r = (x: number) => toRational(x)!;
  if (item.kind === 'range') return compare(v, r(limits[0]!)) >= 0 && compare(v, r(limits[1]!)) <= 0 ? 'I' : '劣V';
  const holds = (limit: number) => (item.kind === 'max' ? compare(v, r(limit)) <= 0 : compare(v, r(limit)) >= 0);
  const i = limits.findIndex(holds);
  return i < 0 ? '劣V' : waterClasses[i]!;
}

/**
 * The class (I–V, 劣V) of a surface-water sample under GB 3838-2002 table 1: per item, overall
 * as the worst item, and the items worse than `target` (default III). Items are keyed `ph`, `do`,
 * `codmn`, `cod`, `bod5`, `nh3n`, `tp`, `tn`, `cu`, `zn`, `fluoride`, `se`, `as`, `hg`, `cd`, `cr6`,
 * `pb`, `cyanide`, `phenol`, `petroleum`, `las`, `sulfide`, `fecal_coliform` (mg/L; faecal coliform per L).
 */
export function waterClass(sample: Record<string, unknown>, { waterBody = 'river', target = 'III' }: { waterBody?: 'river' | 'lake'; target?: WaterClass } = {}): WaterClassResult {
  if (!waterClasses.slice(0, 5).includes(target)) throw new AppError('invalid', `target must be one of I, II, III, IV, V`, { field: 'target' });
  const notes: string[] = [];
  const items: Record<string, ItemClass> = {};
  const exceeded: Exceedance[] = [];
  for (const [key, raw] of Object.entries(sample)) {
    if (key in narrativeItems) {
      notes.push('water_temp skipped: GB 3838-2002 table 1 item 1 limits the man-made change of temperature (weekly mean rise ≤ 1 ℃, fall ≤ 2 ℃), which one value cannot show');
      continue;
    }
    const item = gb3838Table1[key];
    if (!item) throw new AppError('invalid', `unknown item ${key}; GB 3838-2002 table 1 items are ${Object.keys(gb3838Table1).join(', ')}`, { field: key });
    if (raw === null || raw === undefined) continue;
    const v = typeof raw === 'number' ? toRational(raw) : typeof raw === 'string' ? parseDecimal(raw) : null;
    if (!v) throw new AppError('invalid', `${key} must be a number (${item.unit}), got ${JSON.stringify(raw)}`, { field: key });
    const value = Number(raw);
    if (value < 0) throw new AppError('invalid', `${key} must not be negative, got ${value}`, { field: key });
    if (key === 'ph' && value > 14) throw new AppError('invalid', `ph must lie between 0 and 14, got ${value}`, { field: key });
    const limits = waterBody === 'lake' && item.lakeLimits ? item.lakeLimits : item.limits;
    const cls = classOf(item, v, limits);
    const informational = item.lakesOnly && waterBody === 'river';
    items[key] = informational ? { value, class: cls, informational: true } : { value, class: cls };
    if (informational) notes.push('tn classed for information only: GB 3838-2002 gives total nitrogen limits for lakes and reservoirs, so it does not set a river’s class');
    if (key === 'tp' && waterBody === 'lake') notes.push('tp classed on the lakes-and-reservoirs column (湖、库)');
    if (!informational && rank(cls) > rank(target)) {
      const limit = item.kind === 'range' ? ([limits[0]!, limits[1]!] as [number, number]) : limits[rank(target) - 1]!;
      const multiple = item.kind === 'max' && typeof limit === 'number' ? Math.round(((value - limit) / limit) * 100) / 100 : null;
      exceeded.push({ item: key, value, class: cls, limit, multiple });
    }
  }
  const counted = Object.entries(items).filter(([, c]) => !c.informational);
  if (!counted.length) throw new AppError('invalid', `give at least one GB 3838-2002 table 1 item (water_temp and a river's tn do not class a sample)`, { field: 'fields' });
  const worstRank = Math.max(...counted.map(([, c]) => rank(c.class)));
  const overall = waterClasses[worstRank - 1]!;
  return {
    class: overall,
    classNumber: worstRank,
    label: waterClassLabels[overall],
    items,
    worst: counted.filter(([, c]) => rank(c.class) === worstRank).map(([k]) => k),
    target,
    exceeded,
    notes,
    standard: 'GB 3838-2002',
  };
}
