import { z } from 'zod';
import { writeAudit } from '../../core/audit.js';
import { contentDisposition, exportContentType, exportFormats, toCsv, toXlsx, type Column } from '../../core/export.js';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import type { PolicyTable } from '../../core/auth/policy.js';
import { formatLocal } from './calendar.js';
import { formulasOf, rates, reasons, type Figures, type RateFigure } from './assessment.js';
import { assessMonth, assessOffice, groupings, type AssessedUnit } from './assessment-store.js';

const tags = ['hotline'];
const read = 'hotline.assessment.read';

/** Who reads the assessment: hotline staff, assessors and analysts (their jurisdiction), an office's handlers (their own office). */
export const assessmentPolicy: PolicyTable = { admin: [read], assessor: [read], analyst: [read], operator: [read], dispatcher: [read], handler: [read] };
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM');
const reason = z.enum(Object.keys(reasons) as [keyof typeof reasons, ...(keyof typeof reasons)[]]);

const rateFigure = z.object({
  rate: z.number().nullable().describe('numerator ÷ denominator, 4 decimals; null without cases'),
  numerator: z.number(),
  denominator: z.number(),
  excluded: z.record(z.string(), z.number()).describe('steps left out of the denominator, by reason'),
});
const figures = z.object({
  cases: z.number().describe('distinct cases counted in at least one rate'),
  response: rateFigure.describe('响应率'),
  resolution: rateFigure.describe('解决率'),
  satisfaction: rateFigure.describe('满意率'),
  composite: z.number().nullable().describe('综合得分, 0–100'),
});
const unit = figures.extend({
  rank: z.number().nullable().describe('null when not ranked: too few cases, or no figures'),
  fewCases: z.boolean(),
  code: z.string().describe('office code, or street/district region code'),
  name: z.string(),
  nameEn: z.string().nullable(),
});
const settings = z.object({ weights: z.object({ response: z.number(), resolution: z.number(), satisfaction: z.number() }), basicallySatisfiedWeight: z.number(), minCases: z.number(), source: z.string().nullable() });
const formulas = z.record(z.string(), z.object({ zh: z.string(), en: z.string(), numerator: z.string().optional(), missed: z.array(reason).optional(), excluded: z.array(reason).optional() }));
const period = { month: z.string(), from: z.string(), to: z.string(), asOf: z.string(), settings, formulas, reasons: z.record(z.string(), z.object({ zh: z.string(), en: z.string() })) };
const line = z.object({
  caseId: z.string(),
  number: z.string(),
  rate: z.enum(rates),
  score: z.number().nullable(),
  reason,
  why: z.object({ zh: z.string(), en: z.string() }),
  at: z.string().describe('when it counts: the dispatch (response) or the callback'),
  dueAt: z.string().nullable(),
  eventAt: z.string().nullable(),
});

/** The monthly assessment of offices (三率考评): rankings with exports, one office with its drill-down. */
export function assessmentRoutes(app: Routes, k: Kernel) {
  app.get('/api/hotline/assessment', {
    schema: {
      tags,
      summary: 'The month’s 三率 ranking (响应率, 解决率, 满意率, 综合得分) of offices, streets/townships or districts; CSV or XLSX with format',
      querystring: z.strictObject({
        month,
        by: z.enum(groupings).default('office'),
        format: z.enum(exportFormats).optional(),
        minCases: z.coerce.number().int().min(1).max(10_000).optional(),
      }),
      response: { 200: z.object({ ...period, by: z.enum(groupings), units: z.array(unit), total: figures.nullable(), unlocated: z.number() }) },
    },
    handler: async (req, reply) => {
      const a = await assessMonth(k, req.ctx, req.query);
      const fmt = (d: Date) => formatLocal(a.catalog.calendar, d);
      const units = a.units.map(unitView);
      if (!req.query.format) {
        return { month: a.month, from: fmt(a.window.from), to: fmt(a.window.to), asOf: fmt(a.asOf), settings: a.settings, formulas: formulasOf(a.settings), reasons, by: a.by, units, total: a.total, unlocated: a.unlocated };
      }
      const rows = a.total ? [...units, { ...a.total, rank: null, fewCases: false, code: '', name: '合计 Total', nameEn: 'Total' }] : units;
      const format = req.query.format;
      const body = format === 'csv' ? toCsv(rankingColumns, rows) : await toXlsx(rankingColumns, rows, { sheet: `三率 ${a.month}` });
      await writeAudit(k.db, req.ctx, { action: 'hotline.assessment.exported', resourceType: 'hotline_assessment', after: { month: a.month, by: a.by, format, rows: rows.length } });
      reply.header('content-type', exportContentType(format));
      reply.header('content-disposition', contentDisposition(`三率考评-assessment-${a.month}-${a.by}.${format}`));
      // A file, not the JSON the schema describes: Fastify sends a Buffer as it is.
      return reply.send(body as never);
    },
  });

  app.get('/api/hotline/assessment/offices/:code', {
    schema: {
      tags,
      summary: 'One office’s month: the three rates with numerators and denominators, its rank, and the cases that pulled it down or were left out, with why',
      params: z.strictObject({ code: z.string().min(1).max(64) }),
      querystring: z.strictObject({ month }),
      response: {
        200: z.object({
          ...period,
          office: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }),
          figures: unit,
          rankedOf: z.number().describe('how many units were ranked'),
          pulledDown: z.array(line).describe('counted steps that scored below 1'),
          excluded: z.array(line).describe('steps left out, with the reason'),
        }),
      },
    },
    handler: async (req) => {
      const o = await assessOffice(k, req.ctx, req.params.code, req.query);
      const fmt = (d: Date) => formatLocal(o.catalog.calendar, d);
      return {
        month: o.month,
        from: fmt(o.window.from),
        to: fmt(o.window.to),
        asOf: fmt(o.asOf),
        settings: o.settings,
        formulas: o.formulas,
        reasons,
        office: o.office,
        figures: unitView(o.unit),
        rankedOf: o.rankedOf,
        pulledDown: o.pulledDown,
        excluded: o.excluded,
      };
    },
  });
}

type UnitRow = Figures & { rank: number | null; fewCases: boolean; code: string; name: string; nameEn: string | null };

function unitView(u: AssessedUnit): UnitRow {
  return { ...u.figures, rank: u.rank, fewCases: u.fewCases, code: u.key, name: u.name, nameEn: u.nameEn };
}

const percent = (f: RateFigure) => (f.rate === null ? null : Math.round(f.rate * 10_000) / 100);
const rateColumns = (key: 'response' | 'resolution' | 'satisfaction', zh: string, en: string): Column<UnitRow>[] => [
  { key: `${key}Rate`, header: `${zh}(%) ${en} (%)`, value: (r) => percent(r[key]) },
  { key: `${key}Numerator`, header: `${zh}分子 numerator`, value: (r) => r[key].numerator },
  { key: `${key}Denominator`, header: `${zh}分母 denominator`, value: (r) => r[key].denominator },
];
const rankingColumns: Column<UnitRow>[] = [
  { key: 'rank', header: '名次 Rank', value: (r) => r.rank },
  { key: 'code', header: '代码 Code', value: (r) => r.code },
  { key: 'name', header: '名称 Name', value: (r) => r.name },
  { key: 'cases', header: '计入工单 Cases', value: (r) => r.cases },
  { key: 'fewCases', header: '样本不足 Few cases', value: (r) => (r.fewCases ? '是 yes' : null) },
  ...rateColumns('response', '响应率', 'Response'),
  ...rateColumns('resolution', '解决率', 'Resolution'),
  ...rateColumns('satisfaction', '满意率', 'Satisfaction'),
  { key: 'composite', header: '综合得分 Composite', value: (r) => r.composite },
];
