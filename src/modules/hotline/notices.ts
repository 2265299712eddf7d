import type { Transaction } from 'kysely';
import { enqueueNotifications, type NotificationInput } from '../../core/notify.js';
import type { OutboxEvent, Subscriber } from '../../core/events.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { Kernel } from '../../core/kernel.js';
import { findOrg, orgDirectory } from '../../core/orgs.js';
import { hotlineEvents, type CaseEventPayload } from './cases.js';
import type { HotlineTables } from './tables.js';

const excerpt = (s: string | null, n = 60) => (s ? ([...s].length > n ? [...s].slice(0, n).join('') + '…' : s) : '');

/**
 * Tells citizens and offices what happened to a case, through the notification port: the
 * citizen by SMS when the case is received, replied and closed (and every citizen whose
 * case was merged into it); the office by webhook when a case is dispatched to it, when a
 * deadline nears and when it passed; the supervisor when it passed (督办). Enqueued in the
 * event's transaction with ids derived from the event, so a redelivered event sends nothing twice.
 */
export function hotlineNotices(k: Kernel): Subscriber[] {
  const handleBatch = async (events: OutboxEvent<CaseEventPayload & { supervisor?: string | null }>[], trx: Transaction<CoreTables>) => {
    await enqueueNotifications(trx, k.pii, await plan(k, events, trx));
  };
  return [
    {
      name: 'hotline.notify',
      topics: [hotlineEvents.received, hotlineEvents.dispatched, hotlineEvents.replied, hotlineEvents.closed, hotlineEvents.warned, hotlineEvents.overdue],
      handle: (event, trx) => handleBatch([event], trx),
      handleBatch,
    },
  ];
}

const citizenTemplates: Record<string, { template: string; body: (number: string, reply: string | null) => string }> = {
  [hotlineEvents.received]: { template: 'hotline.case.received', body: (n) => `【12345】您的诉求已受理，工单号${n}。可凭工单号查询办理进度。` },
  [hotlineEvents.replied]: { template: 'hotline.case.replied', body: (n, reply) => `【12345】您的工单${n}已答复：${excerpt(reply)}` },
  [hotlineEvents.closed]: { template: 'hotline.case.closed', body: (n) => `【12345】您的工单${n}已办结，感谢您的反映。` },
};

/** The notifications a batch of case events makes: the cases' contacts read in one query. */
async function plan(k: Kernel, events: OutboxEvent<CaseEventPayload & { supervisor?: string | null }>[], trx: Transaction<CoreTables>): Promise<NotificationInput[]> {
  const ids = new Set<string>();
  for (const e of events) if (citizenTemplates[e.topic]) [e.payload.caseId, ...(e.payload.mergedCases ?? [])].forEach((id) => ids.add(id));
  const h = trx.withTables<HotlineTables>();
  const cases = ids.size ? new Map((await h.selectFrom('hotline_cases').select(['id', 'number', 'citizen_phone', 'citizen_phone_masked', 'reply']).where('id', 'in', [...ids]).execute()).map((r) => [r.id, r])) : new Map();
  const out: NotificationInput[] = [];
  for (const event of events) {
    const p = event.payload;
    const city = event.cityCode;
    const toOrg = (template: string, orgCode: string | null | undefined, body: string) => {
      if (!orgCode) return;
      out.push({ id: `${template}:${p.caseId}:${orgCode}:${event.id}`, cityCode: city, channel: 'webhook', recipient: { kind: 'org', ref: orgCode }, template, params: { number: p.number, caseId: p.caseId, stage: p.stage ?? null, org: orgCode }, body });
    };
    const citizen = citizenTemplates[event.topic];
    if (citizen) {
      const reply = cases.get(p.caseId)?.reply ?? null;
      for (const id of [p.caseId, ...(p.mergedCases ?? [])]) {
        const r = cases.get(id);
        if (!r?.citizen_phone) continue;
        out.push({
          id: `${citizen.template}:${r.id}:${event.id}`,
          cityCode: city,
          channel: 'sms',
          // The case's sealed number goes as it is (it was checked at intake).
          recipient: r.citizen_phone_masked ? { kind: 'citizen', ref: r.id, sealedPhone: r.citizen_phone, masked: r.citizen_phone_masked } : { kind: 'citizen', ref: r.id, phone: k.pii.decrypt(r.citizen_phone) },
          template: citizen.template,
          params: { number: r.number, primary: r.id === p.caseId ? null : p.number },
          body: citizen.body(r.number, reply),
        });
      }
      continue;
    }
    switch (event.topic) {
      case hotlineEvents.dispatched: {
        const org = (await orgDirectory(k, city, trx)).byCode.get(p.orgCode ?? '') ?? (await findOrg(trx, city, p.orgCode ?? ''));
        toOrg('hotline.case.dispatched', p.orgCode, `新工单${p.number}已派至${org?.name ?? p.orgCode}，请按时签收办理。`);
        break;
      }
      case hotlineEvents.warned:
        toOrg('hotline.case.warned', p.orgCode, `工单${p.number}的${stageName(p.stage)}时限将到，请抓紧办理。`);
        break;
      case hotlineEvents.overdue:
        toOrg('hotline.case.overdue', p.orgCode, `工单${p.number}已超${stageName(p.stage)}时限，已督办。`);
        toOrg('hotline.case.escalated', p.supervisor, `督办：工单${p.number}已超${stageName(p.stage)}时限（承办单位 ${p.orgCode ?? '—'}）。`);
        break;
    }
  }
  return out;
}

function stageName(stage: string | undefined): string {
  return stage === 'response' ? '签收' : stage === 'handling' ? '办理' : stage === 'callback' ? '回访' : '';
}
