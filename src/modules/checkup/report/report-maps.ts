import { choroplethSvg, type ReportFigure } from '../../../core/report/index.js';
import { distanceToStandard, type Status } from '../distance.js';
import type { EvaluatedIndicator } from '../evaluate.js';
import type { Indicator } from '../library-store.js';
import type { MapUnits } from './report-data.js';
import { num } from './report-format.js';
import { fill, pick, statusNames, wordsOf, type ReportLang } from './report-text.js';

const statusIndex: Record<Status, number> = { met: 0, near: 1, not_met: 2 };
const statusColour = ['#66bb6a', '#ffb74d', '#e57373'];

/**
 * The few indicators of a task worth a map: those with a value for at least two of the drawn
 * regions, scored ones first (rates and densities, then problem counts), then context figures.
 */
export function mappedIndicators(indicators: readonly EvaluatedIndicator[], map: MapUnits, max = 3): EvaluatedIndicator[] {
  const order = (i: EvaluatedIndicator) => (i.standard && i.kind !== 'count' ? 0 : i.standard ? 1 : 2);
  return indicators
    .filter((i) => (map.values.get(i.code)?.size ?? 0) >= 2)
    .map((i, n) => ({ i, n }))
    .sort((a, b) => order(a.i) - order(b.i) || a.n - b.n)
    .slice(0, max)
    .map((x) => x.i);
}

/**
 * An indicator's map over the drawn regions: coloured by status against the standard (met,
 * near, not met) when it has one, by value otherwise, missing grey; beside it the regions'
 * values as sorted bars. The region the report is about is outlined among its siblings.
 */
export function indicatorMap(d: Indicator, nearPct: number, map: MapUnits, { lang, year, names }: { lang: ReportLang; year: number; names: Map<string, { name: string; nameEn: string | null }> }): ReportFigure {
  const w = wordsOf(lang);
  const own = map.values.get(d.code) ?? new Map();
  const s = d.kind !== 'context' ? d.standard : null;
  const bounds = s ? { target: s.target ?? undefined, lower: s.lower ?? undefined, upper: s.upper ?? undefined } : null;
  const values: Record<string, number | null> = {};
  const status: Record<string, number | null> = {};
  const labels: Record<string, string> = {};
  for (const r of map.regions) {
    const v = own.get(r.code);
    const n = names.get(r.code);
    labels[r.code] = n ? (lang === 'en' ? (n.nameEn ?? n.name) : n.name) : r.name;
    values[r.code] = v ? v.value : null;
    status[r.code] = v && bounds ? statusIndex[distanceToStandard(v.value, d.direction, bounds, { nearPct: d.nearPct ?? nearPct }).status] : null;
  }
  const pieces = bounds ? [pick(statusNames.met, lang), pick(statusNames.near, lang), pick(statusNames.not_met, lang)].map((label, i) => ({ min: i, max: i, label, color: statusColour[i]! })) : undefined;
  const svg = choroplethSvg({
    geojson: map.geojson,
    values,
    colourBy: bounds ? status : undefined,
    pieces,
    names: labels,
    // Best first: a lower-is-better indicator's bars run from its lowest value.
    bars: { format: (v) => num(v, lang), ascending: d.direction === 'lower' },
    highlight: map.highlight ?? undefined,
    missingLabel: w.missingValue,
    width: 640,
    height: Math.max(260, 60 + map.regions.length * 15),
  });
  const sample = [...own.values()].some((v) => v.sample);
  const caption = `${fill(w.mapCaption, { indicator: `${d.code} ${pick(d.name, lang)}`, unit: d.unit, year })}${bounds ? '' : ` · ${w.mapNoStandard}`}${sample ? ` · ${w.sample}` : ''}`;
  return { ...svg, caption };
}
