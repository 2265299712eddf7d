import type { Transaction } from 'kysely';
import { enqueueNotification } from '../../core/notify.js';
import type { OutboxEvent, Subscriber } from '../../core/events.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { Kernel } from '../../core/kernel.js';
import { findOrg } from '../../core/orgs.js';
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
  return [
    {
      name: 'hotline.notify',
      topics: [hotlineEvents.received, hotlineEvents.dispatched, hotlineEvents.replied, hotlineEvents.closed, hotlineEvents.warned, hotlineEvents.overdue],
      async handle(event: OutboxEvent<CaseEventPayload & { supervisor?: string | null }>, trx: Transaction<CoreTables>) {
        const p = event.payload;
        const h = trx.withTables<HotlineTables>();
        const city = event.cityCode;
        const toCitizens = async (template: string, body: (number: string) => string) => {
          const ids = [p.caseId, ...(p.mergedCases ?? [])];
          const rows = await h.selectFrom('hotline_cases').select(['id', 'number', 'citizen_phone', 'citizen_phone_masked']).where('id', 'in', ids).execute();
          for (const r of rows) {
            if (!r.citizen_phone) continue;
            await enqueueNotification(trx, k.pii, {
              id: `${template}:${r.id}:${event.id}`,
              cityCode: city,
              channel: 'sms',
              recipient: { kind: 'citizen', ref: r.id, phone: k.pii.decrypt(r.citizen_phone), masked: r.citizen_phone_masked ?? undefined },
              template,
              params: { number: r.number, primary: r.id === p.caseId ? null : p.number },
              body: body(r.number),
            });
          }
        };
        const toOrg = async (template: string, orgCode: string | null | undefined, body: string) => {
          if (!orgCode) return;
          await enqueueNotification(trx, k.pii, {
            id: `${template}:${p.caseId}:${orgCode}:${event.id}`,
            cityCode: city,
            channel: 'webhook',
            recipient: { kind: 'org', ref: orgCode },
            template,
            params: { number: p.number, caseId: p.caseId, stage: p.stage ?? null, org: orgCode },
            body,
          });
        };
        switch (event.topic) {
          case hotlineEvents.received:
            return toCitizens('hotline.case.received', (n) => `【12345】您的诉求已受理，工单号${n}。可凭工单号查询办理进度。`);
          case hotlineEvents.dispatched: {
            const org = await findOrg(trx, city, p.orgCode ?? '');
            return toOrg('hotline.case.dispatched', p.orgCode, `新工单${p.number}已派至${org?.name ?? p.orgCode}，请按时签收办理。`);
          }
          case hotlineEvents.replied: {
            const row = await h.selectFrom('hotline_cases').select(['reply']).where('id', '=', p.caseId).executeTakeFirst();
            return toCitizens('hotline.case.replied', (n) => `【12345】您的工单${n}已答复：${excerpt(row?.reply ?? null)}`);
          }
          case hotlineEvents.closed:
            return toCitizens('hotline.case.closed', (n) => `【12345】您的工单${n}已办结，感谢您的反映。`);
          case hotlineEvents.warned:
            return toOrg('hotline.case.warned', p.orgCode, `工单${p.number}的${stageName(p.stage)}时限将到，请抓紧办理。`);
          case hotlineEvents.overdue:
            await toOrg('hotline.case.overdue', p.orgCode, `工单${p.number}已超${stageName(p.stage)}时限，已督办。`);
            return toOrg('hotline.case.escalated', event.payload.supervisor, `督办：工单${p.number}已超${stageName(p.stage)}时限（承办单位 ${p.orgCode ?? '—'}）。`);
        }
      },
    },
  ];
}

function stageName(stage: string | undefined): string {
  return stage === 'response' ? '签收' : stage === 'handling' ? '办理' : stage === 'callback' ? '回访' : '';
}
