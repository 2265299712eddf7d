import type { Kernel } from '../../core/kernel.js';
import { mdb, readRegistryVersion } from './versions.js';

/** One series: a device's metric, with the asset the device is on. */
export interface SeriesInfo {
  id: number;
  deviceId: string;
  /** The device's number, which its readings' rows carry. */
  deviceNum: number;
  assetId: string;
  metric: string;
}

/** What the catalogue allows of a metric: its unit (and other spellings of it) and its valid range. */
export interface MetricRule {
  unit: string;
  units: Set<string>;
  min: number;
  max: number;
}

export interface DeviceEntry {
  assetId: string;
  active: boolean;
  /** The metrics the device is registered for, each with its series. */
  series: Map<string, SeriesInfo>;
}

/** A city's devices and metric rules, as the ingest validates readings against them. */
export interface CityRegistry {
  cityCode: string;
  version: number;
  metrics: Map<string, MetricRule>;
  devices: Map<string, DeviceEntry>;
  /** Every series, also of metrics a device no longer reports (replays and history need them). */
  seriesById: Map<number, SeriesInfo>;
}

interface Cached {
  registry: CityRegistry;
  checkedAt: number;
}

// How long a copy trusts its registry before asking whether devices changed.
const recheckMs = 1000;
const caches = new WeakMap<Kernel, Map<string, Promise<Cached>>>();

/**
 * The city's registry, rebuilt from the database whenever its version moved; checked at most
 * once a second, so a device registered on another copy is known here within about a second.
 */
export async function registryFor(k: Kernel, cityCode: string): Promise<CityRegistry> {
  let perCity = caches.get(k);
  if (!perCity) caches.set(k, (perCity = new Map()));
  const pending = perCity.get(cityCode);
  if (pending) {
    const cached = await pending;
    if (Date.now() - cached.checkedAt < recheckMs) return cached.registry;
    const version = await readRegistryVersion(k.db, cityCode);
    if (version === cached.registry.version) {
      cached.checkedAt = Date.now();
      return cached.registry;
    }
  }
  const building = buildRegistry(k, cityCode).then((registry) => ({ registry, checkedAt: Date.now() }));
  perCity.set(cityCode, building);
  building.catch(() => perCity.delete(cityCode));
  return (await building).registry;
}

/** Drops this copy's registry of a city, so the next batch rebuilds it (tests, imports). */
export function invalidateRegistry(k: Kernel, cityCode: string): void {
  caches.get(k)?.delete(cityCode);
}

async function buildRegistry(k: Kernel, cityCode: string): Promise<CityRegistry> {
  const db = mdb(k.db);
  const version = await readRegistryVersion(k.db, cityCode);
  const metricRows = await db.selectFrom('monitoring_metrics').select(['name', 'unit', 'unit_aliases', 'min_value', 'max_value']).where('city_code', '=', cityCode).execute();
  const deviceRows = await db.selectFrom('monitoring_devices').select(['id', 'num', 'asset_id', 'metrics', 'active']).where('city_code', '=', cityCode).execute();
  const seriesRows = await db.selectFrom('monitoring_series').select(['id', 'device_id', 'metric']).where('city_code', '=', cityCode).execute();
  const metrics = new Map(metricRows.map((m) => [m.name, { unit: m.unit, units: new Set([m.unit, ...m.unit_aliases]), min: m.min_value, max: m.max_value }]));
  const deviceOf = new Map(deviceRows.map((d) => [d.id, d]));
  const seriesById = new Map<number, SeriesInfo>();
  const seriesByKey = new Map<string, SeriesInfo>();
  for (const s of seriesRows) {
    const device = deviceOf.get(s.device_id);
    const info = { id: s.id, deviceId: s.device_id, deviceNum: device?.num ?? -1, assetId: device?.asset_id ?? '', metric: s.metric };
    seriesById.set(s.id, info);
    seriesByKey.set(`${s.device_id}\u0000${s.metric}`, info);
  }
  const devices = new Map<string, DeviceEntry>();
  for (const d of deviceRows) {
    const series = new Map<string, SeriesInfo>();
    for (const m of d.metrics) {
      const info = seriesByKey.get(`${d.id}\u0000${m}`);
      if (info) series.set(m, info);
    }
    devices.set(d.id, { assetId: d.asset_id, active: d.active, series });
  }
  return { cityCode, version, metrics, devices, seriesById };
}
