import path from 'node:path';
import { writeAudit } from '../../../core/audit.js';
import { AppError } from '../../../core/errors.js';
import type { Kernel } from '../../../core/kernel.js';
import type { RequestContext } from '../../../core/context.js';
import { commitRecords, telemetryTopic, type IngestRecord } from '../../monitoring/index.js';
import { pmTolerance } from '../input-checks/aqi-plausibility.js';
import { computeAirDays, type AirDaysReport } from './compute-days.js';
import { ensureUciStations } from './station-assets.js';
import { uciFiles, uciRows } from './uci-file.js';
import { uciPayload, type UciRow } from './uci-row.js';

export interface AirImportOptions {
  /** Only these stations (UCI names or national codes). */
  stations?: string[];
  /** Only the local days from … to (inclusive, YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** Messages (station-hours) per committed batch. */
  batchMessages?: number;
  onProgress?: (p: AirImportProgress) => void;
}

/** Where an import is: rows read of all the files' rows, at what rate; then the daily figures. */
export interface AirImportProgress {
  phase: 'readings' | 'days';
  file: number;
  files: number;
  done: number;
  total: number;
  rowsPerSecond: number;
}

/** What an import did: files and stations, rows, readings stored or already there, quarantined and flagged, the daily figures. */
export interface AirImportReport {
  files: number;
  stations: { code: string; name: string; assetId: string; created: boolean; rows: number }[];
  rows: number;
  /** Rows without any pollutant value (every cell NA). */
  emptyRows: number;
  readings: number;
  stored: number;
  /** Readings already stored by an earlier run (the import is idempotent). */
  duplicates: number;
  quarantined: number;
  /** Hours whose PM2.5 exceeds their PM10 by more than two monitors' error: kept as published, counted here. */
  pm25AbovePm10: number;
  seconds: number;
  rowsPerSecond: number;
  days: AirDaysReport | null;
}

const day = /^\d{4}-\d{2}-\d{2}$/;
const localDay = (ts: number) => new Date(ts + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Imports the UCI Beijing Multi-Site files of a folder: the 12 stations as monitoring assets,
 * their hourly readings through monitoring's validation, quarantine and batch storage (idempotent
 * on station, metric and hour, so a re-run stores nothing twice), then their daily AQI figures.
 */
export async function importAirStations(k: Kernel, ctx: RequestContext, dir: string, o: AirImportOptions = {}): Promise<AirImportReport> {
  const actor = k.policy.check(ctx.actor, { action: 'environment.air.import' });
  for (const [field, v] of [['from', o.from], ['to', o.to]] as const) if (v !== undefined && !day.test(v)) throw new AppError('invalid', `${field} must be a day YYYY-MM-DD`, { field });
  const started = performance.now();
  const files = await uciFiles(path.resolve(dir), { stations: o.stations });
  const assets = await ensureUciStations(k, { ...ctx, actor }, files.map((f) => f.station));
  const total = files.reduce((s, f) => s + f.lines, 0);
  const r: AirImportReport = { files: files.length, stations: [], rows: 0, emptyRows: 0, readings: 0, stored: 0, duplicates: 0, quarantined: 0, pm25AbovePm10: 0, seconds: 0, rowsPerSecond: 0, days: null };
  const limits = { receivedAt: k.clock.now().getTime(), maxFutureMs: 5 * 60_000, oldestMs: Number.NEGATIVE_INFINITY };
  let span = null as { from: string; to: string } | null;
  let read = 0;
  const rate = () => Math.round(read / Math.max((performance.now() - started) / 1000, 1e-3));
  let batch: IngestRecord[] = [];
  const flush = async () => {
    if (!batch.length) return;
    // Past readings: nothing is too old, and no rule or latest value is touched (they are history).
    for (const c of await commitRecords(batch, { k, limits: () => limits, keepTrying: () => true })) {
      r.stored += c.outcome.inserted;
      r.duplicates += c.outcome.duplicates;
      r.quarantined += c.batch.quarantine.length;
    }
    batch = [];
  };
  for (const [i, f] of files.entries()) {
    const a = assets.find((x) => x.station === f.station)!;
    const topic = telemetryTopic(ctx.cityCode, a.deviceId);
    const base = path.basename(f.file);
    let rows = 0;
    for await (const row of uciRows(f)) {
      read++;
      const d = typeof row.ts === 'number' ? localDay(row.ts) : null;
      if (d && ((o.from && d < o.from) || (o.to && d > o.to))) continue;
      rows++;
      if (d) span = { from: span && span.from < d ? span.from : d, to: span && span.to > d ? span.to : d };
      if (!row.readings.length) {
        r.emptyRows++;
        continue;
      }
      if (pm25AbovePm10(row)) r.pm25AbovePm10++;
      r.readings += row.readings.length;
      const message = { source: 'http' as const, receivedAt: limits.receivedAt, topic, payload: uciPayload(row) };
      // A file line needs no write-ahead log: the file is its durable copy, and its ref (file, line) makes a re-run idempotent.
      batch.push({ entry: { ref: `uci:${base}:${row.line}`, message } as IngestRecord['entry'], accepted: 0, quarantined: 0 });
      if (batch.length >= (o.batchMessages ?? 2000)) {
        await flush();
        o.onProgress?.({ phase: 'readings', file: i + 1, files: files.length, done: read, total, rowsPerSecond: rate() });
      }
    }
    await flush();
    r.rows += rows;
    r.stations.push({ code: f.station.code, name: f.station.name, assetId: a.assetId, created: a.created, rows });
    o.onProgress?.({ phase: 'readings', file: i + 1, files: files.length, done: read, total, rowsPerSecond: rate() });
  }
  r.seconds = (performance.now() - started) / 1000;
  r.rowsPerSecond = Math.round(r.rows / Math.max(r.seconds, 1e-3));
  if (span) {
    r.days = await computeAirDays(k, ctx, { ...span, only: assets.map((a) => a.assetId), onProgress: (done, all) => o.onProgress?.({ phase: 'days', file: files.length, files: files.length, done, total: all, rowsPerSecond: r.rowsPerSecond }) });
  }
  await writeAudit(k.db, ctx, { action: 'environment.air.imported', resourceType: 'air_import', resourceId: path.basename(path.resolve(dir)), after: { ...r, stations: r.stations.map((x) => x.code), days: r.days && { from: r.days.from, to: r.days.to, rows: r.days.rows } } });
  return r;
}

// PM2.5 is part of PM10: above it by more than two monitors' error (the AQI input check's tolerance).
function pm25AbovePm10(row: UciRow): boolean {
  const v = (m: string) => row.readings.find((x) => x.metric === m)?.value;
  const [pm25, pm10] = [v('pm25_ugm3'), v('pm10_ugm3')];
  if (typeof pm25 !== 'number' || typeof pm10 !== 'number') return false;
  return pm25 > pm10 + Math.max(pmTolerance.absoluteUgM3, pmTolerance.relative * pm10);
}
