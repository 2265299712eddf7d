import type { Transaction } from 'kysely';
import { visibleTo } from '../../../core/auth/jurisdiction.js';
import type { Actor } from '../../../core/context.js';
import type { CoreTables } from '../../../core/db/tables.js';
import { emitEvents } from '../../../core/events.js';
import { lonLatProblem } from '../../../core/geo/index.js';
import { newId } from '../../../core/ids.js';
import type { Kernel } from '../../../core/kernel.js';
import { environmentEvents, type ZoneFlaggedPayload } from '../events.js';
import { edb, type Db } from '../tables.js';
import { zonesAt } from './zone-index.js';
import { zoneLevelTable, type ZoneLevel } from './zone-levels.js';

/** What may be flagged: a hotline case, a monitoring alarm or asset, later a planning proposal. */
export interface FlagSubject {
  type: 'hotline_case' | 'monitoring_alarm' | 'monitoring_asset' | (string & {});
  id: string;
  lon: number;
  lat: number;
  regionCode: string | null;
  /** The outbox event that brought the subject, for the record. */
  eventId: number | null;
}

/** A recorded flag: the subject was found inside the zone at that level. */
export interface ZoneFlag {
  id: string;
  subject: { type: string; id: string };
  zone: { id: string; name: string; level: ZoneLevel; levelName: { zh: string; en: string }; sourceCode: string };
  lon: number;
  lat: number;
  regionCode: string | null;
  flaggedAt: string;
}

/**
 * Flags a subject in every zone containing its point, in the caller's transaction: one flag per
 * subject and zone however often it is asked (delivery is at-least-once), and an
 * `environment.zone.flagged` event for each new flag only. A point that is not WGS-84 flags nothing.
 */
export async function flagSubject(k: Kernel, trx: Transaction<CoreTables>, cityCode: string, s: FlagSubject): Promise<ZoneFlag[]> {
  if (lonLatProblem(s.lon, s.lat)) return [];
  const hits = await zonesAt(k, cityCode, s.lon, s.lat, { db: trx });
  if (!hits.length) return [];
  const now = k.clock.now();
  const rows = await edb(trx)
    .insertInto('environment_zone_flags')
    .values(
      hits.map((z) => ({
        city_code: cityCode,
        id: newId('zfl', now),
        subject_type: s.type,
        subject_id: s.id,
        zone_id: z.id,
        zone_name: z.name,
        level: z.level,
        source_code: z.source.code,
        lon: s.lon,
        lat: s.lat,
        region_code: s.regionCode,
        event_id: s.eventId,
        flagged_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['city_code', 'subject_type', 'subject_id', 'zone_id']).doNothing())
    .returningAll()
    .execute();
  const byZone = new Map(hits.map((z) => [z.id, z]));
  const events = rows.map((r) => {
    const z = byZone.get(r.zone_id)!;
    const payload: ZoneFlaggedPayload = {
      flagId: r.id,
      subject: { type: s.type, id: s.id },
      zone: { id: z.id, name: z.name, nameEn: z.nameEn, level: z.level, levelName: z.levelName, sourceCode: z.source.code, sourceName: z.source.name, sample: z.sample },
      lon: s.lon,
      lat: s.lat,
      regionCode: s.regionCode,
    };
    return { cityCode, topic: environmentEvents.zoneFlagged, payload };
  });
  await emitEvents(trx, events);
  return rows.map(toFlag);
}

type FlagRow = { id: string; subject_type: string; subject_id: string; zone_id: string; zone_name: string; level: string; source_code: string; lon: number; lat: number; region_code: string | null; flagged_at: Date };

function toFlag(r: FlagRow): ZoneFlag {
  const level = r.level as ZoneLevel;
  return {
    id: r.id,
    subject: { type: r.subject_type, id: r.subject_id },
    zone: { id: r.zone_id, name: r.zone_name, level, levelName: { zh: zoneLevelTable[level].zh, en: zoneLevelTable[level].en }, sourceCode: r.source_code },
    lon: r.lon,
    lat: r.lat,
    regionCode: r.region_code,
    flaggedAt: r.flagged_at.toISOString(),
  };
}

/**
 * The flags the actor may see (its jurisdiction), newest first: of one subject (`type:id` or a
 * bare id), of one zone, or all.
 */
export async function listFlags(db: Db, actor: Actor, { subject, zone, limit = 100 }: { subject?: string; zone?: string; limit?: number } = {}): Promise<ZoneFlag[]> {
  let q = edb(db).selectFrom('environment_zone_flags').selectAll().where(visibleTo(actor));
  if (subject) {
    const at = subject.indexOf(':');
    q = at > 0 ? q.where('subject_type', '=', subject.slice(0, at)).where('subject_id', '=', subject.slice(at + 1)) : q.where('subject_id', '=', subject);
  }
  if (zone) q = q.where('zone_id', '=', zone);
  return (await q.orderBy('flagged_at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(toFlag);
}
