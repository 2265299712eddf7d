import { sql } from 'kysely';
import { systemContext } from '../../core/context.js';
import { transactionScope } from '../../core/db/database.js';
import { isAppError } from '../../core/errors.js';
import { emitEvent } from '../../core/events.js';
import type { Kernel } from '../../core/kernel.js';
import { createWaker, type Waker } from '../../core/waker.js';
import { fileCase, type NewCase } from '../hotline/index.js';
import { linkCase } from './alarms/handling.js';
import type { CaseDraft } from './alarms/open-case.js';
import { alarmOf, placeOf, saveAlarms } from './alarm-rows.js';
import { alarmCaseEvents } from './alarm-topics.js';
import { mdb } from './versions.js';

/**
 * Alarm → hotline case, second half: files the recorded drafts through the hotline's own
 * intake (`fileCase`, channel `alarm`), so the dispatch catalog sends each to the office or
 * utility it names like any request; then links the case to the alarm. Every attempt files
 * the same draft under the Idempotency-Key `alarm:<alarm id>`, so a crash between filing and
 * linking, or two copies at once, still make one case. Woken when a draft is recorded; the
 * leader's job picks up what a wake missed and retries failures with backoff.
 */

const maxAttempts = 8;
const leaseMs = 120_000;
const wakers = new WeakMap<Kernel, Waker>();
const runs = new WeakMap<Kernel, Promise<unknown>>();

/** Files the drafts that are due, after any run of this copy in progress; resolves with how many cases were filed and linked. */
export function fileRequestedCases(k: Kernel, opts: { limit?: number } = {}): Promise<number> {
  const run = (runs.get(k) ?? Promise.resolve()).then(() => fileDue(k, opts));
  runs.set(k, run.catch(() => 0));
  return run;
}

async function fileDue(k: Kernel, { limit = 20 }: { limit?: number }): Promise<number> {
  const now = k.clock.now();
  const { rows } = await sql<{ city_code: string; alarm_id: string; draft: CaseDraft; attempts: number }>`
    update monitoring_alarm_cases c set attempts = c.attempts + 1, next_attempt_at = ${new Date(now.getTime() + leaseMs)}
     where (c.city_code, c.alarm_id) in (
       select city_code, alarm_id from monitoring_alarm_cases
        where status = 'pending' and next_attempt_at <= ${now}
        order by next_attempt_at limit ${limit} for update skip locked)
    returning c.city_code, c.alarm_id, c.draft, c.attempts`.execute(k.db);
  let filed = 0;
  for (const r of rows) {
    try {
      const ctx = systemContext(r.city_code, 'monitoring-alarms');
      const kase = await fileCase(k, ctx, newCaseOf(r.draft), { idempotencyKey: r.draft.idempotencyKey });
      await link(k, r.city_code, r.alarm_id, kase);
      filed++;
    } catch (err) {
      await retryLater(k, r, err);
    }
  }
  return filed;
}

/** Asks this copy to file the recorded drafts shortly (after the transaction that recorded them). */
export function wakeCaseFiler(k: Kernel): void {
  let w = wakers.get(k);
  if (!w) {
    // Outside any transaction's scope: the wake comes from a delivery's transaction.
    const run = () => transactionScope.exit(() => fileRequestedCases(k)).catch((err: unknown) => k.logger.warn({ err: (err as Error).message }, 'alarm cases not filed yet'));
    wakers.set(k, (w = createWaker(50, () => void run())));
  }
  w.wake();
}

/** The hotline's request of a draft: the same every attempt (the Idempotency-Key compares it). */
export function newCaseOf(d: CaseDraft): NewCase {
  // Drafts recorded before caseAttributes existed have none.
  return { channel: d.channel, kind: d.kind, categoryCode: d.categoryCode, title: d.title.zh, description: d.description, urgency: d.urgency, lon: d.location.lon, lat: d.location.lat, address: d.location.address, attributes: d.caseAttributes ?? {}, confidential: false };
}

async function link(k: Kernel, city: string, alarmId: string, kase: { id: string; number: string }): Promise<void> {
  await k.transaction(async (trx) => {
    const row = await mdb(trx).selectFrom('monitoring_alarms').selectAll().where('city_code', '=', city).where('id', '=', alarmId).forUpdate().executeTakeFirstOrThrow();
    const before = alarmOf(row);
    const r = linkCase(before, { caseId: kase.id, now: k.clock.now().getTime() });
    if (r.alarm !== before) {
      await saveAlarms(trx, city, [{ before, alarm: r.alarm, nextEscalationAt: row.next_escalation_at?.getTime() ?? null }]);
      const p = placeOf(row);
      await emitEvent(trx, city, alarmCaseEvents.linked, { alarmId, caseId: kase.id, caseNumber: kase.number, assetId: row.asset_id, alarmType: row.alarm_type, assetName: p.assetName, regionCode: p.regionCode, lon: p.lon, lat: p.lat });
    }
    await mdb(trx).updateTable('monitoring_alarm_cases').set({ status: 'filed', case_id: kase.id, case_number: kase.number, filed_at: k.clock.now(), last_error: null }).where('city_code', '=', city).where('alarm_id', '=', alarmId).execute();
  });
}

// A refusal of the hotline (no such category, a bad place) will not change by retrying: it fails at once.
async function retryLater(k: Kernel, r: { city_code: string; alarm_id: string; attempts: number }, err: unknown): Promise<void> {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
  const permanent = isAppError(err) && ['invalid', 'not_found', 'forbidden', 'conflict'].includes(err.kind);
  const failed = permanent || r.attempts >= maxAttempts;
  const next = new Date(k.clock.now().getTime() + Math.min(600_000, 5000 * 2 ** (r.attempts - 1)));
  k.logger[failed ? 'error' : 'warn']({ alarm: r.alarm_id, attempts: r.attempts, err: message }, failed ? 'the case of an alarm could not be filed' : 'the case of an alarm not filed yet; will retry');
  await mdb(k.db).updateTable('monitoring_alarm_cases').set({ status: failed ? 'failed' : 'pending', last_error: message, next_attempt_at: next }).where('city_code', '=', r.city_code).where('alarm_id', '=', r.alarm_id).execute();
}
