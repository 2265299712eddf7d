import { writeAudit } from '../../core/audit.js';
import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { getOrg } from '../../core/orgs.js';
import type { Actor as AlarmActor, Alarm, AlarmResult, Assignee } from './alarms/alarm.js';
import { nextEscalationAt } from './alarms/escalation.js';
import { acknowledgeAlarm, assignAlarm, commentAlarm } from './alarms/handling.js';
import { clearAlarm } from './alarms/lifecycle.js';
import { alarmOf, placeOf, saveAlarms } from './alarm-rows.js';
import { emitAlarmEffects } from './alarm-emit.js';
import { actionsFor, handleAction, loadVisibleAlarm, readAction, typeNames } from './alarm-queries.js';
import { alarmView, type AlarmView } from './alarm-views.js';
import { cityRules } from './rules-pack.js';

/**
 * What people do with an alarm — acknowledge it, assign it to a user or an office (or take
 * it back), comment on it, clear it by hand with a reason — each in one transaction that
 * locks the alarm, checks the role and the jurisdiction, applies the pure transition
 * (a `conflict` naming the allowed actions when the state forbids it), and writes the
 * alarm, its history, its event and the audit record.
 */

export const alarmHandlings = ['acknowledge', 'assign', 'comment', 'clear'] as const;
export type AlarmHandling = (typeof alarmHandlings)[number];

export interface AlarmActionInput {
  /** Acknowledge: an optional note. */
  note?: string | null;
  /** Assign: a user or an office, or null to take the assignment back. */
  assignee?: Assignee | null;
  /** Comment: the text. */
  text?: string;
  /** Clear: why (required). */
  reason?: string;
  /** The version the actor saw; a `conflict` when the alarm changed since. */
  expectedVersion?: number;
}

const audited: Record<AlarmHandling, string> = { acknowledge: 'acknowledged', assign: 'assigned', comment: 'commented', clear: 'cleared' };

/** Takes a person's action on an alarm they may see and handle; answers with the alarm as it is now. */
export async function actOnAlarm(k: Kernel, ctx: RequestContext, id: string, action: AlarmHandling, input: AlarmActionInput): Promise<AlarmView> {
  const actor = k.policy.check(ctx.actor, { action: readAction });
  if (action === 'assign' && input.assignee) await checkAssignee(k, ctx.cityCode, input.assignee);
  const rules = await cityRules(k, ctx.cityCode);
  const by: AlarmActor = { kind: 'user', id: actor.kind === 'system' ? actor.label : actor.id };
  const row = await k.transaction(async (trx) => {
    const current = await loadVisibleAlarm(trx, actor, id, { lock: true });
    k.policy.check(actor, { action: handleAction, regionCode: current.region_code });
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.row_version) {
      throw new AppError('conflict', `alarm ${id} changed meanwhile (version ${current.row_version}, you had ${input.expectedVersion}): reload it`, { field: 'expectedVersion', details: { version: current.row_version } });
    }
    const before = alarmOf(current);
    const now = k.clock.now().getTime();
    const r = transition(before, action, input, by, now);
    if (r.alarm === before) return current;
    await saveAlarms(trx, ctx.cityCode, [{ before, alarm: r.alarm, nextEscalationAt: rules ? nextEscalationAt(r.alarm, rules.escalation) : null }]);
    await emitAlarmEffects(trx, ctx.cityCode, r.effects, new Map([[id, placeOf(current)]]));
    const extra = action === 'comment' ? { comment: r.alarm.comments.at(-1)?.text } : action === 'clear' ? { reason: r.alarm.clearReason } : {};
    await writeAudit(trx, ctx, { action: `monitoring.alarm.${audited[action]}`, resourceType: 'monitoring_alarm', resourceId: id, before: summary(before), after: { ...summary(r.alarm), ...extra } });
    return loadVisibleAlarm(trx, actor, id);
  });
  return alarmView(row, await typeNames(k, ctx.cityCode), actionsFor(k, actor, row));
}

function transition(a: Alarm, action: AlarmHandling, input: AlarmActionInput, by: AlarmActor, now: number): AlarmResult {
  switch (action) {
    case 'acknowledge':
      return acknowledgeAlarm(a, { by, now, note: input.note ?? undefined });
    case 'assign':
      return assignAlarm(a, { by, now, assignee: input.assignee ?? null });
    case 'comment':
      return commentAlarm(a, { by, now, text: input.text ?? '' });
    case 'clear':
      return clearAlarm(a, { by, now, reason: input.reason ?? '' });
  }
}

function summary(a: Alarm) {
  return { state: a.state, severity: a.severity, assignee: a.assignee };
}

// An assignee must exist in the city: an active account, or an active office.
async function checkAssignee(k: Kernel, cityCode: string, assignee: Assignee): Promise<void> {
  if (assignee.kind === 'org') return void (await getOrg(k.db, cityCode, assignee.id, 'assignee.id'));
  const user = await k.db.selectFrom('core_users').select(['id', 'disabled_at']).where('city_code', '=', cityCode).where('id', '=', assignee.id).executeTakeFirst();
  if (!user || user.disabled_at) throw new AppError('invalid', `no active user ${assignee.id} to assign the alarm to`, { field: 'assignee.id' });
}
