import { sql } from 'kysely';
import { emitEvent } from '../../core/events.js';
import { writeAudit } from '../../core/audit.js';
import { systemContext } from '../../core/context.js';
import { findOrg } from '../../core/orgs.js';
import type { Kernel } from '../../core/kernel.js';
import type { Job } from '../../core/scheduler.js';
import { loadCatalog } from './catalog.js';
import { payloadOf, timeline, type CaseRow } from './cases.js';
import { hotlineEvents } from './cases.js';
import type { Stage } from './deadlines.js';
import type { HotlineTables } from './tables.js';

/** Which statuses each deadline runs in (a suspended case's clock stands still). */
const stageStatuses: Record<Stage, string[]> = {
  response: ['dispatched'],
  handling: ['dispatched', 'accepted', 'in_progress', 'extension_requested', 'suspension_requested'],
  callback: ['replied', 'answered'],
};
const stages: Stage[] = ['response', 'handling', 'callback'];
const batch = 200;

async function cities(k: Kernel): Promise<string[]> {
  return (await k.db.withTables<HotlineTables>().selectFrom('hotline_settings').select('city_code').execute()).map((r) => r.city_code);
}

/**
 * Warnings before a deadline and escalation (督办) after it: each case is warned once and
 * escalated once per stage and assignment, in short transactions of at most 200 cases.
 * The warning goes to the office; the escalation to the office and its supervisor.
 */
export async function scanDeadlines(k: Kernel): Promise<{ warned: number; overdue: number }> {
  const out = { warned: 0, overdue: 0 };
  const now = k.clock.now();
  for (const city of await cities(k)) {
    const ctx = systemContext(city, 'deadlines');
    for (const stage of stages) {
      for (const kind of ['warn', 'overdue'] as const) {
        const column = kind === 'warn' ? `${stage}_warn_at` : `${stage}_due_at`;
        const flags = kind === 'warn' ? 'warned' : 'overdue';
        for (;;) {
          const n = await k.transaction(async (trx) => {
            const h = trx.withTables<HotlineTables>();
            let q = h
              .selectFrom('hotline_cases')
              .selectAll()
              .where('city_code', '=', city)
              .where('status', 'in', stageStatuses[stage])
              .where(sql.ref(column), '<=', now)
              .where(sql<boolean>`not (${stage} = any(${sql.ref(flags)}))`)
              .orderBy('id')
              .limit(batch);
            if (k.database.driver === 'postgres') q = q.forUpdate().skipLocked();
            const rows = (await q.execute()) as CaseRow[];
            for (const row of rows) {
              const supervisor = kind === 'overdue' && row.org_code ? (await findOrg(trx, city, row.org_code))?.supervisor ?? null : null;
              const updated = (await h
                .updateTable('hotline_cases')
                .set({ [flags]: sql`array_append(${sql.ref(flags)}, ${stage})`, updated_at: now } as never)
                .where('id', '=', row.id)
                .returningAll()
                .executeTakeFirstOrThrow()) as CaseRow;
              const due = stage === 'response' ? row.response_due_at : stage === 'handling' ? row.handling_due_at : row.callback_due_at;
              await timeline(trx, ctx, {
                caseId: row.id,
                at: now,
                action: kind === 'warn' ? 'deadline_warning' : 'overdue_escalated',
                from: null,
                to: null,
                orgCode: row.org_code,
                note: kind === 'warn' ? `${stage} deadline ${due?.toISOString()} is near` : `${stage} deadline ${due?.toISOString()} passed: escalated (督办) to ${supervisor ?? 'the hotline'}`,
                data: { stage, due: due?.toISOString() ?? null, supervisor },
              });
              if (kind === 'overdue') await writeAudit(trx, ctx, { action: 'hotline.case.overdue', resourceType: 'hotline_case', resourceId: row.id, after: { stage, org: row.org_code, supervisor } });
              await emitEvent(trx, city, kind === 'warn' ? hotlineEvents.warned : hotlineEvents.overdue, { ...payloadOf(updated, kind === 'warn' ? 'deadline_warning' : 'overdue_escalated', null), stage, supervisor });
            }
            return rows.length;
          });
          out[kind === 'warn' ? 'warned' : 'overdue'] += n;
          if (n < batch) break;
        }
      }
    }
  }
  return out;
}

/**
 * Erases the citizen's personal data from cases closed longer ago than the city's retention
 * period (the pack's `piiRetentionDays`): name, phone, e-mail, their masks and the phone's
 * hash go; the case stays, anonymised, with a timeline entry saying so.
 */
export async function erasePersonalData(k: Kernel): Promise<number> {
  let total = 0;
  const now = k.clock.now();
  for (const city of await cities(k)) {
    const catalog = await loadCatalog(k, city);
    const before = new Date(now.getTime() - catalog.policy.piiRetentionDays * 86_400_000);
    const ctx = systemContext(city, 'retention');
    for (;;) {
      const n = await k.transaction(async (trx) => {
        const h = trx.withTables<HotlineTables>();
        const rows = await h
          .selectFrom('hotline_cases')
          .select(['id'])
          .where('city_code', '=', city)
          .where('pii_erased_at', 'is', null)
          .where('status', 'in', ['closed', 'merged', 'transferred'])
          .where('closed_at', '<', before)
          .orderBy('id')
          .limit(batch)
          .execute();
        if (!rows.length) return 0;
        const ids = rows.map((r) => r.id);
        await h
          .updateTable('hotline_cases')
          .set({ citizen_name: null, citizen_phone: null, citizen_email: null, citizen_name_masked: null, citizen_phone_masked: null, citizen_phone_hash: null, pii_erased_at: now, updated_at: now })
          .where('id', 'in', ids)
          .execute();
        for (const id of ids) {
          await timeline(trx, ctx, { caseId: id, at: now, action: 'anonymised', from: null, to: null, orgCode: null, note: `personal data erased after ${catalog.policy.piiRetentionDays} days`, data: {} });
        }
        await writeAudit(trx, ctx, { action: 'hotline.case.anonymised', resourceType: 'hotline_case', after: { cases: ids.length, closedBefore: before.toISOString() } });
        await emitEvent(trx, city, hotlineEvents.anonymised, { caseIds: ids });
        return ids.length;
      });
      total += n;
      if (n < batch) break;
    }
  }
  return total;
}

export function hotlineJobs(k: Kernel): Job[] {
  return [
    { name: 'hotline.deadlines', everyMs: 60_000, run: async () => void (await scanDeadlines(k)) },
    { name: 'hotline.pii-retention', everyMs: 3_600_000, run: async () => void (await erasePersonalData(k)) },
  ];
}
