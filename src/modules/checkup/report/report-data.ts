import type { Kernel } from '../../../core/kernel.js';
import type { RequestContext } from '../../../core/context.js';
import { lineage } from '../../regions/index.js';
import { childrenOf, drawnRegions, type DrawnRegions } from '../drawn-regions.js';
import { compositeFor } from '../composite-store.js';
import { evaluate, type Evaluation } from '../evaluation-store.js';
import { loadLibrary, type Library } from '../library-store.js';
import { listProblems, type ProblemView } from '../problems-store.js';
import { readValues, type StoredValue } from '../values-store.js';

/** The regions a report's maps draw (the region's children, or its siblings with the region outlined), with each indicator's value of the year per region. */
export interface MapUnits extends DrawnRegions {
  values: Map<string, Map<string, StoredValue>>;
}

/** The composite over a set of sibling regions, as `compositeFor` gives it, and which regions those are. */
export type CompositeView = Awaited<ReturnType<typeof compositeFor>> & { of: 'children' | 'siblings' };

/** Everything a checkup report shows, read once: the evaluation, the maps' regions, the composite, the problems. */
export interface ReportData {
  evaluation: Evaluation;
  library: Library;
  map: MapUnits | null;
  composite: CompositeView | null;
  problems: ProblemView[];
  /** Region names of the problems' regions (and every region named in the report). */
  names: Map<string, { name: string; nameEn: string | null }>;
  generatedAt: Date;
  actor: string;
}

/**
 * Reads what a region's checkup report needs for a year (the latest with data by default):
 * its evaluation, its library, the values of the regions its maps draw, the composite with
 * the rank intervals, and the problems found, each with its renewal project.
 */
export async function gatherReportData(k: Kernel, ctx: RequestContext, { region, year, runs }: { region: string; year?: number; runs?: number }): Promise<ReportData> {
  const evaluation = await evaluate(k, ctx, { region, year });
  const cityCode = ctx.cityCode;
  const [library, children, problems, drawn] = await Promise.all([
    loadLibrary(k.db, cityCode),
    childrenOf(k, cityCode, evaluation.region.code),
    listProblems(k, ctx, { region: evaluation.region.code, year: evaluation.year, prefer: 'narrowest' }),
    drawnRegions(k, cityCode, evaluation.region),
  ]);
  const siblings = evaluation.siblings.length > 1 ? evaluation.siblings : [];
  const map = drawn ? await valuesOf(k, cityCode, drawn, evaluation.year) : null;
  const over = siblings.length ? { of: 'siblings' as const, unit: evaluation.region.code } : children.length > 1 ? { of: 'children' as const, unit: children[0]!.code } : null;
  const composite = over ? { ...(await compositeFor(k, ctx, { region: over.unit, year: evaluation.year, runs })), of: over.of } : null;
  const names = new Map<string, { name: string; nameEn: string | null }>();
  for (const r of [evaluation.region, ...evaluation.siblings, ...children]) names.set(r.code, { name: r.name, nameEn: r.nameEn });
  for (const code of new Set(problems.map((p) => p.regionCode))) {
    if (names.has(code)) continue;
    const found = await lineage(k, cityCode, code);
    if (found) names.set(code, { name: found.region.name, nameEn: found.region.nameEn });
  }
  return { evaluation, library, map, composite, problems, names, generatedAt: k.clock.now(), actor: ctx.actor?.label ?? 'anonymous' };
}

// The drawn regions' values of the year, per indicator.
async function valuesOf(k: Kernel, cityCode: string, drawn: DrawnRegions, year: number): Promise<MapUnits> {
  const values = new Map<string, Map<string, StoredValue>>();
  for (const v of await readValues(k.db, cityCode, { regionCodes: drawn.regions.map((r) => r.code), years: [year] })) {
    const m = values.get(v.code) ?? new Map<string, StoredValue>();
    m.set(v.regionCode, v);
    values.set(v.code, m);
  }
  return { ...drawn, values };
}
