import type { Kernel } from '../../../core/kernel.js';
import type { Actor, RequestContext } from '../../../core/context.js';
import { createAsset, createDevice, getAsset, invalidateRegistry, listAssets } from '../../monitoring/index.js';
import { uciMetrics } from './uci-row.js';
import { coordinateUncertaintyM, uciSource, type UciStation } from './uci-stations.js';

/** The monitoring asset type of an air-quality station (空气质量监测站), as the city's catalogue names it. */
export const airStationType = 'air_station';

/** The pollutant metrics an air station's device reports, as the catalogue names them. */
export const airMetrics = uciMetrics.map((m) => m.metric);

export type StationAsset = Awaited<ReturnType<typeof listAssets>>['assets'][number];

/** An air station as the reports see it: its asset and, per pollutant metric, the device that reports it. */
export interface AirStation {
  asset: StationAsset;
  /** metric → device id. */
  devices: Map<string, string>;
}

/** The device id of a UCI station's analysers. */
export const uciDeviceId = (st: UciStation) => `aq-${st.code}`;

/** Every air-station asset of the actor's city (and jurisdiction), ordered by id. */
export async function listAirStationAssets(k: Kernel, actor: Actor): Promise<StationAsset[]> {
  const out: StationAsset[] = [];
  for (let after: string | undefined; ; ) {
    const page = await listAssets(k.db, actor, { type: airStationType, limit: 1000, after });
    out.push(...page.assets);
    if (!page.next) return out;
    after = page.next;
  }
}

/** The air stations with the device that reports each pollutant (the first one that does). */
export async function airStations(k: Kernel, actor: Actor): Promise<AirStation[]> {
  const out: AirStation[] = [];
  for (const asset of await listAirStationAssets(k, actor)) {
    const detail = await getAsset(k.db, actor, asset.id);
    const devices = new Map<string, string>();
    for (const d of detail.devices) for (const m of d.metrics) if (airMetrics.includes(m.name as never) && !devices.has(m.name)) devices.set(m.name, d.id);
    out.push({ asset, devices });
  }
  return out;
}

/**
 * Makes sure each UCI station is an `air_station` asset (found by its national code) with its
 * device of the six pollutant metrics: created through monitoring the first time, reused after.
 */
export async function ensureUciStations(k: Kernel, ctx: RequestContext & { actor: Actor }, stations: readonly UciStation[]): Promise<{ station: UciStation; assetId: string; deviceId: string; created: boolean }[]> {
  const existing = new Map((await listAirStationAssets(k, ctx.actor)).filter((a) => a.code).map((a) => [a.code!, a]));
  const out = [];
  for (const st of stations) {
    const deviceId = uciDeviceId(st);
    const device = { id: deviceId, metrics: [...airMetrics], model: 'national station analysers (UCI Beijing Multi-Site data)' };
    let asset = existing.get(st.code);
    const created = !asset;
    if (!asset) {
      asset = await createAsset(k, ctx, {
        code: st.code,
        type: airStationType,
        name: st.name,
        nameEn: st.nameEn,
        lon: st.lon,
        lat: st.lat,
        simulated: false,
        properties: { uciStation: st.uci, dataset: uciSource.dataset, coordinates: { source: uciSource.coordinates, approximate: true, uncertaintyM: coordinateUncertaintyM(st) } },
        devices: [device],
      });
    } else if (!(await getAsset(k.db, ctx.actor, asset.id)).devices.some((d) => d.id === deviceId)) {
      await createDevice(k, ctx, { ...device, assetId: asset.id });
    }
    out.push({ station: st, assetId: asset.id, deviceId, created });
  }
  // The ingest checks readings against a registry it caches for a second: let it see the new devices now.
  invalidateRegistry(k, ctx.cityCode);
  return out;
}
