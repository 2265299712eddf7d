import type { FastifyReply } from 'fastify';
import { AppError } from '../../core/errors.js';
import { writeAudit } from '../../core/audit.js';
import { contentDisposition, exportContentType, toCsv, toXlsx, type Column, type ExportFormat } from '../../core/export.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import type { CaseRow } from './cases.js';
import { queryCases, type CaseFilter } from './case-reading.js';
import { loadCatalog } from './catalog.js';
import { formatLocal, localDate } from './calendar.js';
import { statusNames, type Status } from './workflow.js';
import { caseKindNames, type CaseKind } from './pack-schema.js';

const maxRows = 100_000;

/**
 * A queue as CSV or XLSX: the same filters and the same visibility as the list, with the
 * masked contact only (an export never carries personal data in clear). Audited.
 */
export async function exportCases(k: Kernel, ctx: RequestContext, filter: CaseFilter, format: ExportFormat, reply: FastifyReply) {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.export' });
  const rows = await queryCases(k, actor, filter, maxRows + 1);
  if (rows.length > maxRows) throw new AppError('too_large', `the queue has more than ${maxRows} cases: narrow it (from/to, status, region)`, { field: 'from' });
  const catalog = await loadCatalog(k, ctx.cityCode);
  const orgs = new Map((await k.db.selectFrom('core_orgs').select(['code', 'name']).where('city_code', '=', ctx.cityCode).execute()).map((o) => [o.code, o.name]));
  const fmt = (d: Date) => formatLocal(catalog.calendar, d);
  const columns: Column<CaseRow>[] = [
    { key: 'number', header: '工单号 Number', value: (r) => r.number },
    { key: 'received', header: '受理时间 Received', value: (r) => r.received_at },
    { key: 'channel', header: '渠道 Channel', value: (r) => r.channel },
    { key: 'kind', header: '类型 Kind', value: (r) => caseKindNames[r.kind as CaseKind]?.zh ?? r.kind },
    { key: 'category', header: '分类 Category', value: (r) => (r.category_code ? (catalog.categories.get(r.category_code)?.path ?? r.category_code) : null) },
    { key: 'title', header: '标题 Title', value: (r) => r.title },
    { key: 'description', header: '诉求内容 Description', value: (r) => r.description, width: 60 },
    { key: 'address', header: '地址 Address', value: (r) => r.address },
    { key: 'region', header: '区划 Region', value: (r) => r.region_code },
    { key: 'status', header: '状态 Status', value: (r) => statusNames[r.status as Status]?.zh ?? r.status },
    { key: 'org', header: '承办单位 Office', value: (r) => (r.org_code ? (orgs.get(r.org_code) ?? r.org_code) : null) },
    { key: 'tier', header: '时限档 Tier', value: (r) => r.tier },
    { key: 'responseDue', header: '签收时限 Response due', value: (r) => r.response_due_at },
    { key: 'handlingDue', header: '办理时限 Handling due', value: (r) => r.handling_due_at },
    { key: 'overdue', header: '超期 Overdue', value: (r) => r.overdue.join(',') || null },
    { key: 'replied', header: '答复时间 Replied', value: (r) => r.replied_at },
    { key: 'resolved', header: '解决 Resolved', value: (r) => r.resolved },
    { key: 'satisfaction', header: '满意度 Satisfaction', value: (r) => r.satisfaction },
    { key: 'closed', header: '办结时间 Closed', value: (r) => r.closed_at },
    { key: 'citizen', header: '来电人 Citizen (masked)', value: (r) => (r.confidential ? null : r.citizen_name_masked) },
    { key: 'phone', header: '电话 Phone (masked)', value: (r) => (r.confidential ? null : r.citizen_phone_masked) },
  ];
  const body = format === 'csv' ? toCsv(columns, rows, { formatDate: fmt }) : await toXlsx(columns, rows, { sheet: '工单 Cases', utcOffsetMinutes: catalog.calendar.utcOffsetMinutes });
  await writeAudit(k.db, ctx, { action: 'hotline.case.exported', resourceType: 'hotline_case', after: { format, rows: rows.length, filter: { ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() } } });
  const day = localDate(catalog.calendar, k.clock.now());
  reply.header('content-type', exportContentType(format));
  reply.header('content-disposition', contentDisposition(`工单-cases-${day}.${format}`));
  return reply.send(body);
}
