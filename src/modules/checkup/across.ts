import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { distanceToStandard, type Status } from './distance.js';
import { loadLibrary } from './library-store.js';
import { requireRegion } from './region-tree.js';
import { drawnRegions } from './drawn-regions.js';
import { readValues } from './values-store.js';

/** One drawn region's value of an indicator, and how it stands against the standard. */
export interface AcrossUnit {
  code: string;
  name: string;
  nameEn: string | null;
  value: number | null;
  sample: boolean;
  /** Against the standard in force; null without a value or a standard (context indicators). */
  status: Status | null;
}

/**
 * An indicator across the regions a map of a region draws for a year: its children, or its
 * siblings with the region outlined; each region's value (missing stays missing), sample
 * flag and status against the standard. `parent` names the regions' boundaries to fetch.
 */
export async function indicatorAcross(k: Kernel, ctx: RequestContext, { region: code, year, indicator }: { region: string; year: number; indicator: string }) {
  const region = await requireRegion(k, ctx.cityCode, code);
  k.policy.check(ctx.actor, { action: 'checkup.evaluation.read', regionCode: region.code });
  const lib = await loadLibrary(k.db, ctx.cityCode);
  const d = lib.byCode.get(indicator);
  if (!d) throw new AppError('not_found', `no indicator ${indicator}`, { field: 'indicator' });
  const drawn = await drawnRegions(k, ctx.cityCode, region);
  if (!drawn) return { indicator: d.code, year, of: null, parent: null, highlight: null, units: [] as AcrossUnit[] };
  const values = new Map((await readValues(k.db, ctx.cityCode, { codes: [d.code], regionCodes: drawn.regions.map((r) => r.code), years: [year] })).map((v) => [v.regionCode, v]));
  const s = d.kind !== 'context' ? d.standard : null;
  const bounds = s ? { target: s.target ?? undefined, lower: s.lower ?? undefined, upper: s.upper ?? undefined } : null;
  const units: AcrossUnit[] = drawn.regions.map((r) => {
    const v = values.get(r.code);
    const status = v && bounds ? distanceToStandard(v.value, d.direction, bounds, { nearPct: d.nearPct ?? lib.nearPct }).status : null;
    return { code: r.code, name: r.name, nameEn: r.nameEn, value: v?.value ?? null, sample: v?.sample ?? false, status };
  });
  return { indicator: d.code, year, of: drawn.of, parent: drawn.parent, highlight: drawn.highlight, units };
}
