import type { Transaction } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import type { Kernel } from '../../core/kernel.js';
import type { Alarm, AlarmEffect } from './alarms/alarm.js';
import { nextEscalationAt, type EscalationConfig } from './alarms/escalation.js';
import { applySignal } from './alarms/lifecycle.js';
import { alarmOf, placeOf, saveAlarms, type AlarmChange, type AlarmPlace } from './alarm-rows.js';
import { emitAlarmEffects } from './alarm-emit.js';
import type { Signal } from './rules/types.js';
import { mdb } from './versions.js';

/**
 * Applies the rule engine's signals to the stored alarms, one transaction per batch of
 * signals: the active alarms of the signals' assets are locked, each signal goes through the
 * pure lifecycle in order (a raise finds the active alarm of its asset and type and updates
 * it; a clear ends it), and the alarms, their history and their outbox events are written
 * together. Two copies raising the same new alarm at once meet on the partial unique index
 * (one active alarm per asset and type); the loser runs its batch again and updates instead.
 */

export const activeStates = ['ACTIVE_UNACK', 'ACTIVE_ACK'] as const;

/** What a batch of signals did. */
export interface SignalOutcome {
  raised: number;
  updated: number;
  cleared: number;
  /** Signals of assets that no longer exist. */
  skipped: number;
}

/** Applies the signals of one city in one transaction (retried when another copy raced it). */
export async function applySignals(k: Kernel, cityCode: string, signals: readonly Signal[], escalation: EscalationConfig): Promise<SignalOutcome> {
  const none = { raised: 0, updated: 0, cleared: 0, skipped: 0 };
  if (!signals.length) return none;
  for (let attempt = 1; ; attempt++) {
    try {
      return await k.transaction((trx) => applyIn(trx, cityCode, signals, escalation, k.clock.now().getTime()));
    } catch (err) {
      if (attempt >= 3 || (err as { code?: string }).code !== '23505') throw err;
    }
  }
}

async function applyIn(trx: Transaction<CoreTables>, cityCode: string, signals: readonly Signal[], escalation: EscalationConfig, now: number): Promise<SignalOutcome> {
  const out: SignalOutcome = { raised: 0, updated: 0, cleared: 0, skipped: 0 };
  const assetIds = [...new Set(signals.map((s) => s.assetId))];
  const places = await assetPlaces(trx, cityCode, assetIds);
  const rows = await mdb(trx).selectFrom('monitoring_alarms').selectAll().where('city_code', '=', cityCode).where('asset_id', 'in', assetIds).where('state', 'in', [...activeStates]).forUpdate().execute();
  const current = new Map<string, Alarm>();
  const alarmPlaces = new Map<string, AlarmPlace>();
  for (const r of rows) {
    const a = alarmOf(r);
    current.set(keyOf(a), a);
    alarmPlaces.set(a.id, placeOf(r));
  }
  const changes = new Map<string, AlarmChange>();
  const effects: AlarmEffect[] = [];
  for (const s of signals) {
    const place = places.get(s.assetId);
    if (!place) {
      out.skipped++;
      continue;
    }
    const key = keyOf(s);
    const cur = current.get(key) ?? null;
    const r = applySignal(cur, s, { now });
    if (!r) continue;
    const prior = changes.get(r.alarm.id);
    const isNew = !prior && cur?.id !== r.alarm.id;
    changes.set(r.alarm.id, { before: prior ? prior.before : isNew ? null : cur, alarm: r.alarm, nextEscalationAt: null, place });
    if (isNew) alarmPlaces.set(r.alarm.id, place);
    current.set(key, r.alarm);
    effects.push(...r.effects);
    out[isNew ? 'raised' : s.kind === 'clear' ? 'cleared' : 'updated']++;
  }
  const list = [...changes.values()].map((c) => ({ ...c, nextEscalationAt: nextEscalationAt(c.alarm, escalation) }));
  await saveAlarms(trx, cityCode, list);
  await emitAlarmEffects(trx, cityCode, effects, alarmPlaces);
  return out;
}

const keyOf = (x: { assetId: string; alarmType: string }) => `${x.assetId}\u0000${x.alarmType}`;

async function assetPlaces(trx: Transaction<CoreTables>, cityCode: string, ids: string[]): Promise<Map<string, AlarmPlace>> {
  const rows = await mdb(trx).selectFrom('monitoring_assets').select(['id', 'type', 'name', 'name_en', 'region_code', 'lon', 'lat']).where('city_code', '=', cityCode).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { assetType: r.type, assetName: r.name, assetNameEn: r.name_en, regionCode: r.region_code, lon: r.lon, lat: r.lat }]));
}
