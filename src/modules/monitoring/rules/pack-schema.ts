import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { provenanceSchema, ruleSchema, type RuleConfig } from './rule-schema.js';
import { severities } from './types.js';

/**
 * A pack's monitoring rules file (`packs/<city>/lifelines/rules.json`), loader-free: the
 * asset types with their metrics and rules, the alarm types (names, the hotline category a
 * case is filed under, the severity from which an alarm opens a case, the supervising
 * office), the escalation times per severity, and the documents the values come from.
 */

const slug = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits and underscores');
const names = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const severity = z.enum(severities);
const orgCode = z.string().regex(/^[0-9a-z][0-9a-z-]*$/, 'must be an organisation code such as 110000-cgw');
const minutesOrNever = z.number().positive().nullable();

export const assetTypeSchema = z.strictObject({
  name: names,
  description: z.string().optional(),
  /** The metrics its devices report, with their units (the monitoring module's metric catalogue names them too). */
  metrics: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.strictObject({ unit: z.string().min(1), name: names.optional() })),
  /** Asset properties the rules refer to, with what they mean. */
  properties: z.record(z.string(), z.string()).default({}),
  rules: z.array(ruleSchema).default([]),
});

export const alarmTypeSchema = z.strictObject({
  name: names,
  /** The hotline category (6 digits) a case from this alarm is filed under; null: never opens a case. */
  category: z.string().regex(/^\d{6}$/, 'must be a 6-digit hotline category code').nullable(),
  /** The least severity at which an alarm of this type opens a case; null: never. */
  openCaseAt: severity.nullable(),
  /** The case's answers to what its hotline category asks (`{"location": "outdoor"}` for 燃气泄漏): the catalog refuses a case without its required attributes. */
  caseAttributes: z.record(z.string(), z.string()).optional(),
  /** The office notified when an alarm of this type escalates (default: the escalation's). */
  supervisor: orgCode.optional(),
  note: z.string().optional(),
});

export const escalationSchema = z.strictObject({
  /** Minutes an alarm may stay unacknowledged at each severity before it escalates; null: never. */
  afterMinutes: z.strictObject({ critical: minutesOrNever, major: minutesOrNever, minor: minutesOrNever, warning: minutesOrNever }),
  maxEscalations: z.number().int().min(0).default(3),
  supervisor: orgCode,
  source: provenanceSchema.optional(),
});

export const lifelinesRulesFileSchema = z
  .strictObject({
    generatedBy: z.string().optional(),
    description: z.string().optional(),
    timezone: z.string().default('Asia/Shanghai'),
    utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
    sources: z.array(z.strictObject({ id: slug, title: z.string().min(1), note: z.string().optional() })).default([]),
    assetTypes: z.record(slug, assetTypeSchema),
    alarmTypes: z.record(slug, alarmTypeSchema),
    escalation: escalationSchema,
    /** Map colours of the four warning levels (blue, yellow, orange, red). */
    mapColours: z.record(z.string(), z.string().regex(/^#[0-9a-f]{6}$/i, 'must be a colour #rrggbb')).default({}),
  })
  .superRefine((file, ctx) => {
    for (const [type, t] of Object.entries(file.assetTypes)) {
      const ids = new Set<string>();
      const alarmTypes = new Set<string>();
      t.rules.forEach((rule, i) => {
        const at = ['assetTypes', type, 'rules', i];
        if (ids.has(rule.id)) ctx.addIssue({ code: 'custom', message: `rule id ${rule.id} is used twice`, path: [...at, 'id'] });
        ids.add(rule.id);
        // One rule per alarm type and asset type: a second one would clear the first one's alarm.
        if (alarmTypes.has(rule.alarmType)) ctx.addIssue({ code: 'custom', message: `alarm type ${rule.alarmType} has a rule already; use levels or a combination`, path: [...at, 'alarmType'] });
        alarmTypes.add(rule.alarmType);
        if (!(rule.alarmType in file.alarmTypes)) ctx.addIssue({ code: 'custom', message: `unknown alarm type ${rule.alarmType}: list it under alarmTypes`, path: [...at, 'alarmType'] });
        const metrics = rule.kind === 'combination' ? rule.conditions.map((c, j) => ({ m: c.metric, path: ['conditions', j, 'metric'] })) : [{ m: rule.metric, path: ['metric'] }];
        for (const { m, path } of metrics) if (m !== undefined && !(m in t.metrics)) ctx.addIssue({ code: 'custom', message: `metric ${m} is not among the asset type's metrics`, path: [...at, ...path] });
      });
    }
  });

export type LifelinesRulesFile = z.output<typeof lifelinesRulesFileSchema>;

/** Parses a rules file, throwing an `invalid` AppError whose field is `<file>:<path>`. */
export function parseLifelinesRules(raw: unknown, file = 'lifelines/rules.json'): LifelinesRulesFile {
  const parsed = lifelinesRulesFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.');
  throw new AppError('invalid', `${file}: ${path || '(root)'}: ${issue.message}`, { field: `${file}:${path}`, details: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })) });
}

/** The rules of each asset type, as the rule engine takes them. */
export function rulesByAssetType(file: LifelinesRulesFile): Record<string, RuleConfig[]> {
  return Object.fromEntries(Object.entries(file.assetTypes).map(([type, t]) => [type, t.rules]));
}
