import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../core/errors.js';
import type { SimDevice } from './incidents.js';

/** The devices to simulate, and how many the source had that are not marked simulated (never touched). */
export interface Fleet {
  devices: SimDevice[];
  notSimulated: number;
  /** Where they were read from, for the start message. */
  from: string;
  /** The pack's city, when read from a pack. */
  cityCode?: string;
}

interface PackDevice {
  id: string;
  metrics: string[];
  active?: boolean;
  simulated?: boolean;
}
interface PackAsset {
  code: string;
  type: string;
  name: string;
  lon: number;
  lat: number;
  properties?: Record<string, unknown>;
  simulated?: boolean;
  devices?: PackDevice[];
}

/** The simulated devices of a city pack's `monitoring/assets.json` (those the pack import registered). */
export async function fleetFromPack(dir: string): Promise<Fleet> {
  const file = path.join(dir, 'monitoring', 'assets.json');
  const [assetsText, manifestText] = await Promise.all([fs.readFile(file, 'utf8'), fs.readFile(path.join(dir, 'pack.json'), 'utf8').catch(() => '{}')]).catch((err: Error) => {
    throw new AppError('not_found', `cannot read the pack's assets ${file}: ${err.message}; give --pack <dir>, or --token to read them from the service`, { field: '--pack' });
  });
  const parsed = JSON.parse(assetsText) as { simulated?: boolean; assets?: PackAsset[] };
  const cityCode = (JSON.parse(manifestText) as { city?: { code?: string } }).city?.code;
  const devices: SimDevice[] = [];
  let notSimulated = 0;
  for (const a of parsed.assets ?? []) {
    const asset = { id: a.code, code: a.code, type: a.type, name: a.name, lon: a.lon, lat: a.lat, properties: a.properties ?? {} };
    for (const d of a.devices ?? []) {
      if (d.active === false) continue;
      if (!(d.simulated ?? a.simulated ?? parsed.simulated)) notSimulated++;
      else devices.push({ id: d.id, asset, metrics: d.metrics });
    }
  }
  return { devices, notSimulated, from: file, cityCode };
}

interface ApiAsset {
  id: string;
  code: string | null;
  type: string;
  name: string;
  lon: number;
  lat: number;
  properties: Record<string, unknown>;
  simulated: boolean;
}
interface ApiDevice {
  id: string;
  active: boolean;
  simulated: boolean;
  metrics: { name: string }[];
}

/** The simulated devices registered in the running service, read through its assets API. */
export async function fleetFromApi(get: <T>(url: string) => Promise<T>, from: string, { concurrency = 8 } = {}): Promise<Fleet> {
  const assets: ApiAsset[] = [];
  let after: string | null = null;
  do {
    const page: { assets: ApiAsset[]; next: string | null } = await get(`/api/monitoring/assets?limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    assets.push(...page.assets);
    after = page.next;
  } while (after);
  const devices: SimDevice[] = [];
  let notSimulated = 0;
  // The list carries no devices: read each asset, a few at a time.
  let next = 0;
  const worker = async () => {
    while (next < assets.length) {
      const a = assets[next++]!;
      const detail = await get<{ devices: ApiDevice[] }>(`/api/monitoring/assets/${encodeURIComponent(a.id)}`);
      const asset = { id: a.id, code: a.code, type: a.type, name: a.name, lon: a.lon, lat: a.lat, properties: a.properties };
      for (const d of detail.devices) {
        if (!d.active) continue;
        if (!(d.simulated || a.simulated)) notSimulated++;
        else devices.push({ id: d.id, asset, metrics: d.metrics.map((m) => m.name) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, assets.length) }, worker));
  devices.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { devices, notSimulated, from };
}
