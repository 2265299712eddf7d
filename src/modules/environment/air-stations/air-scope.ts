import { regionPrefix } from '../../../core/auth/jurisdiction.js';
import { AppError } from '../../../core/errors.js';
import type { Kernel } from '../../../core/kernel.js';
import type { Actor } from '../../../core/context.js';
import { findRegion, normaliseCode } from '../../regions/index.js';
import { listAirStationAssets, type StationAsset } from './station-assets.js';

/** What a report is about: one station, or the city from its stations. */
export interface ReportScope {
  kind: 'station' | 'region';
  /** The asset id of a station, the 12-digit code of a region: the key of its stored days. */
  id: string;
  code: string | null;
  name: string;
  nameEn: string | null;
  /** A station's region, or the region itself. */
  regionCode: string | null;
  /** The stations a region's figure may rest on (itself, for a station). */
  stations: StationAsset[];
}

/** The station a parameter names: its asset id, national code (`1003A`) or UCI name (`Dongsi`). */
export function findStation(stations: readonly StationAsset[], key: string): StationAsset | undefined {
  const k = key.trim().toLowerCase();
  return stations.find((s) => s.id.toLowerCase() === k || s.code?.toLowerCase() === k || String(s.properties.uciStation ?? '').toLowerCase() === k);
}

/**
 * The scope of `station=<id|code|UCI name|city>` or `region=<the city's code>`: a station the
 * actor may see, or the city with the real stations the actor may see. The city's air quality is
 * public (it is published daily), so anyone who may read air figures may read it.
 */
export async function resolveScope(k: Kernel, actor: Actor, q: { station?: string; region?: string }): Promise<ReportScope> {
  if (q.station && q.region) throw new AppError('invalid', 'give station or region, not both', { field: 'region' });
  const stations = await listAirStationAssets(k, actor);
  if (q.station && q.station.toLowerCase() !== 'city') {
    const s = findStation(stations, q.station);
    if (!s) throw new AppError('not_found', `no air station ${q.station} that you may see (GET /api/environment/air/stations lists them)`, { field: 'station' });
    return { kind: 'station', id: s.id, code: s.code, name: s.name, nameEn: s.nameEn, regionCode: s.regionCode, stations: [s] };
  }
  const code = normaliseCode(q.region ?? actor.cityCode, q.region ? 'region' : 'station');
  if (code !== normaliseCode(actor.cityCode)) throw new AppError('not_found', `air figures are computed per station and for the city (${actor.cityCode}); region ${q.region} has none: a district's figure needs its own district stations`, { field: 'region' });
  const region = await findRegion(k.db, actor.cityCode, code);
  const prefix = regionPrefix(code);
  const inside = stations.filter((s) => !s.simulated && (s.regionCode ?? '').startsWith(prefix));
  return { kind: 'region', id: code, code, name: region?.name ?? code, nameEn: region?.nameEn ?? null, regionCode: code, stations: inside };
}
