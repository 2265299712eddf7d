import { z } from 'zod';
import type { RequestContext } from '../../core/context.js';
import { isAppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import { getCase } from '../hotline/index.js';
import { getAlarmWithHistory, readAction } from './alarm-queries.js';
import { alarmViewSchema, historyViewSchema } from './alarm-views.js';
import { mdb } from './versions.js';

/** One alarm as its page shows it: the alarm, its history, the case it opened and how filing that case went. */

const names = z.object({ zh: z.string(), en: z.string() });

export const alarmDetailSchema = z.object({
  alarm: alarmViewSchema,
  history: z.array(historyViewSchema),
  case: z
    .object({ id: z.string(), number: z.string(), status: z.string(), statusName: names, org: z.object({ code: z.string(), name: z.string() }).nullable(), reply: z.string().nullable(), closedAt: z.string().nullable() })
    .nullable()
    .describe('the hotline case, when you may read it (GET /api/hotline/cases/:id for all of it)'),
  caseRequest: z
    .object({ status: z.enum(['pending', 'filed', 'failed']), attempts: z.number(), lastError: z.string().nullable(), caseNumber: z.string().nullable(), requestedAt: z.string(), filedAt: z.string().nullable() })
    .nullable()
    .describe('the case the alarm asked for: pending until the hotline filed it'),
});
export type AlarmDetail = z.infer<typeof alarmDetailSchema>;

/** The alarm the actor may see, with history, its case (if the actor may read cases) and its case request. */
export async function alarmDetail(k: Kernel, ctx: RequestContext, id: string): Promise<AlarmDetail> {
  const actor = k.policy.check(ctx.actor, { action: readAction });
  const { alarm, history } = await getAlarmWithHistory(k, actor, id);
  const request = await mdb(k.db).selectFrom('monitoring_alarm_cases').selectAll().where('city_code', '=', ctx.cityCode).where('alarm_id', '=', id).executeTakeFirst();
  return {
    alarm,
    history,
    case: alarm.caseId ? await caseOf(k, ctx, alarm.caseId) : null,
    caseRequest: request
      ? { status: request.status, attempts: request.attempts, lastError: request.last_error, caseNumber: request.case_number, requestedAt: request.requested_at.toISOString(), filedAt: request.filed_at?.toISOString() ?? null }
      : null,
  };
}

// The case as this actor may read it; none when the hotline would not show it to them.
async function caseOf(k: Kernel, ctx: RequestContext, caseId: string): Promise<AlarmDetail['case']> {
  if (!k.policy.allows(ctx.actor, { action: 'hotline.case.read' })) return null;
  try {
    const c = await getCase(k, ctx, caseId);
    return { id: c.id, number: c.number, status: c.status, statusName: c.statusName, org: c.org, reply: c.reply, closedAt: c.closedAt };
  } catch (err) {
    if (isAppError(err) && (err.kind === 'not_found' || err.kind === 'forbidden')) return null;
    throw err;
  }
}
