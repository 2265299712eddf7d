import { AppError } from '../../../core/errors.js';
import type { Kernel } from '../../../core/kernel.js';
import type { RequestContext } from '../../../core/context.js';
import { findRegion } from '../../regions/index.js';
import { summariseAir, type AirSummary } from '../air/air-summary.js';
import { coordinatesNote, dailyNote, regionNote, sourceNote, summaryNote } from './air-notes.js';
import { resolveScope, type ReportScope } from './air-scope.js';
import { readDays, scopeSpans, type StoredDay } from './daily-rows.js';
import { regionScopes } from './compute-days.js';
import { airStations } from './station-assets.js';

const dayMs = 86_400_000;
const maxDays = 3700;
const shift = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);

/** The scope as an answer shows it. */
function scopeView(s: ReportScope) {
  return { kind: s.kind, id: s.id, code: s.code, name: s.name, nameEn: s.nameEn, regionCode: s.regionCode, stations: s.stations.map((x) => ({ id: x.id, code: x.code, name: x.name, nameEn: x.nameEn })) };
}

// The notes of a scope's answer; a region's names the most stations its days rested on.
function notesOf(s: ReportScope, days: readonly StoredDay[]): string[] {
  const datasets = s.stations.map((x) => String(x.properties.dataset ?? ''));
  const stations = days.reduce((m, d) => Math.max(m, d.stations), 0) || s.stations.length;
  return [dailyNote, summaryNote, ...(s.kind === 'region' ? [regionNote(stations)] : []), ...[sourceNote(datasets)].filter((n): n is string => n !== null)];
}

/** The air stations on the map (with their stored days) and the regions with a figure (the city). */
export async function listAirReportStations(k: Kernel, ctx: RequestContext) {
  const actor = k.policy.check(ctx.actor, { action: 'environment.air.read' });
  const stations = await airStations(k, actor);
  const spans = await scopeSpans(k.db, ctx.cityCode);
  const none = { first: null, last: null, days: 0, validDays: 0 };
  const regions = [];
  for (const r of regionScopes(ctx.cityCode, stations)) {
    const region = await findRegion(k.db, ctx.cityCode, r.code);
    regions.push({ code: r.code, name: region?.name ?? r.code, nameEn: region?.nameEn ?? null, level: region?.level ?? null, stations: r.stations, ...(spans.get(r.code) ?? none) });
  }
  return {
    stations: stations.map(({ asset: a }) => {
      const coords = (a.properties.coordinates ?? {}) as { approximate?: boolean; uncertaintyM?: number; source?: string };
      return { id: a.id, code: a.code, name: a.name, nameEn: a.nameEn, lon: a.lon, lat: a.lat, regionCode: a.regionCode, simulated: a.simulated, approximate: coords.approximate ?? null, uncertaintyM: coords.uncertaintyM ?? null, dataset: (a.properties.dataset as string | undefined) ?? null, ...(spans.get(a.id) ?? none) };
    }),
    regions,
    notes: [coordinatesNote],
  };
}

/** A scope's daily AQIs from … to (inclusive; default the last 365 stored days). */
export async function airDaily(k: Kernel, ctx: RequestContext, q: { station?: string; region?: string; from?: string; to?: string }) {
  const actor = k.policy.check(ctx.actor, { action: 'environment.air.read' });
  const scope = await resolveScope(k, actor, q);
  const last = (await scopeSpans(k.db, ctx.cityCode)).get(scope.id)?.last ?? null;
  const to = q.to ?? (q.from ? shift(q.from, 364) : last);
  const from = q.from ?? (to ? shift(to, -364) : null);
  if (from && to && from > to) throw new AppError('invalid', 'from must not be after to', { field: 'from' });
  if (from && to && Date.parse(to) - Date.parse(from) > maxDays * dayMs) throw new AppError('invalid', `at most ${maxDays} days at once`, { field: 'to' });
  const days = from && to ? await readDays(k.db, ctx.cityCode, scope.id, from, to) : [];
  return { scope: scopeView(scope), from, to, days: days.map(dayView), notes: notesOf(scope, days) };
}

/** A scope's summary of a year (with its months) or of one month. */
export async function airSummary(k: Kernel, ctx: RequestContext, q: { station?: string; region?: string; year: number; month?: number }) {
  const actor = k.policy.check(ctx.actor, { action: 'environment.air.read' });
  const scope = await resolveScope(k, actor, q);
  const mm = (m: number) => String(m).padStart(2, '0');
  const from = q.month ? `${q.year}-${mm(q.month)}-01` : `${q.year}-01-01`;
  const to = q.month ? shift(q.month === 12 ? `${q.year + 1}-01-01` : `${q.year}-${mm(q.month + 1)}-01`, -1) : `${q.year}-12-31`;
  const days = await readDays(k.db, ctx.cityCode, scope.id, from, to);
  const months = q.month ? undefined : Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...withStations(summariseAir(days.filter((d) => d.date.slice(5, 7) === mm(i + 1))), days) }));
  return { scope: scopeView(scope), year: q.year, month: q.month ?? null, period: { from, to }, ...withStations(summariseAir(days), days), months, notes: notesOf(scope, days) };
}

// The summary with the most stations any of its days rested on.
function withStations(s: AirSummary, days: readonly StoredDay[]) {
  const chosen = days.filter((d) => s.from !== null && d.date >= s.from && d.date <= s.to!);
  return { ...s, stationsMax: chosen.reduce((m, d) => Math.max(m, d.stations), 0) };
}

function dayView(d: StoredDay) {
  return { date: d.date, standard: d.standard, valid: d.valid, aqi: d.aqi, level: d.level, category: d.category, primary: d.primary, exceeding: d.exceeding, missing: d.missing, concentrations: d.concentrations, iaqi: d.iaqi, hours: d.hours, o3ValidWindows: d.o3ValidWindows, stations: d.stations };
}
