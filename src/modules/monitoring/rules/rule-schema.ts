import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { severities } from './types.js';

/**
 * The configuration of a rule, as a pack writes it: seven kinds (threshold, rate of change,
 * deviation from the asset's own baseline, minimum night flow, rolling-window sums, no data,
 * and a combination of conditions), each with an alarm type, a severity or one per level,
 * and a clear condition (a separate clear value for hysteresis, and a clearing duration).
 */

const slug = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits and underscores, starting with a letter');
const metric = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a metric name such as methane_pct_lel');
const names = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const severity = z.enum(severities);
const seconds = z.number().min(0);

/** Where a value comes from, and whether it was checked against the document. */
export const provenanceSchema = z.strictObject({ cite: z.string().min(1), verified: z.boolean(), note: z.string().optional() });

/** A number, or an asset property times a factor plus an offset (`0.8 × overflowLevelM`). */
export const valueRefSchema = z.union([
  z.number().finite(),
  z.strictObject({ property: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a property name'), factor: z.number().finite().default(1), offset: z.number().finite().default(0) }),
]);
export type ValueRef = z.infer<typeof valueRefSchema>;

/** One level of a rule: raised at `raise`, held until past `clear` (defaults to `raise`). */
export const levelSchema = z.strictObject({
  level: slug.optional(),
  name: names.optional(),
  severity: severity.optional(),
  raise: valueRefSchema,
  clear: valueRefSchema.optional(),
  source: provenanceSchema.optional(),
});
const windowLevelSchema = levelSchema.extend({ windowMinutes: z.number().positive() });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM');

// The fields of each kind that say what is measured; a rule adds an alarm to them.
const conditions = {
  threshold: { kind: z.literal('threshold'), metric, direction: z.enum(['above', 'below']), levels: z.array(levelSchema).min(1) },
  rate: {
    kind: z.literal('rate'),
    metric,
    direction: z.enum(['rise', 'fall']),
    per: z.enum(['minute', 'hour']),
    windowSeconds: z.number().positive(),
    minSpanSeconds: seconds.optional(),
    minPoints: z.number().int().min(2).default(3),
    levels: z.array(levelSchema).min(1),
  },
  baseline: {
    kind: z.literal('baseline'),
    metric,
    method: z.enum(['zscore', 'percent']),
    /** `either` judges the distance on both sides (mean ± k·σ). */
    direction: z.enum(['above', 'below', 'either']),
    windowHours: z.number().positive(),
    bucketMinutes: z.number().positive().default(5),
    warmupHours: z.number().positive().optional(),
    minSigma: z.number().min(0).default(0),
    freezeWhileActive: z.boolean().default(true),
    levels: z.array(levelSchema).min(1),
  },
  'night-min': {
    kind: z.literal('night-min'),
    metric,
    from: hhmm.default('02:00'),
    to: hhmm.default('04:00'),
    utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
    nights: z.number().int().min(1).max(60).default(7),
    minNights: z.number().int().min(1).default(3),
    minReadings: z.number().int().min(1).default(3),
    levels: z.array(levelSchema).min(1),
  },
  'window-sum': { kind: z.literal('window-sum'), metric, resolution: z.number().positive().default(0.001), levels: z.array(windowLevelSchema).min(1) },
  offline: { kind: z.literal('offline'), metric: metric.optional(), minutes: z.number().positive() },
} as const;

const durations = { forSeconds: seconds.default(0), clearForSeconds: seconds.default(0) };
const ruleFields = {
  id: slug,
  alarmType: slug,
  severity: severity.default('major'),
  name: names.optional(),
  unit: z.string().optional(),
  ...durations,
  updateEverySeconds: z.number().positive().default(300),
  source: provenanceSchema.optional(),
  note: z.string().optional(),
};

const subCondition = z.discriminatedUnion('kind', [
  z.strictObject({ ...conditions.threshold, ...durations }),
  z.strictObject({ ...conditions.rate, ...durations }),
  z.strictObject({ ...conditions.baseline, ...durations }),
  z.strictObject({ ...conditions['night-min'], ...durations }),
  z.strictObject({ ...conditions['window-sum'], ...durations }),
  z.strictObject({ ...conditions.offline, ...durations }),
]);

/** A rule of any kind, with its checks across fields (level order, hysteresis, windows). */
export const ruleSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ ...ruleFields, ...conditions.threshold }),
    z.strictObject({ ...ruleFields, ...conditions.rate }),
    z.strictObject({ ...ruleFields, ...conditions.baseline }),
    z.strictObject({ ...ruleFields, ...conditions['night-min'] }),
    z.strictObject({ ...ruleFields, ...conditions['window-sum'] }),
    z.strictObject({ ...ruleFields, ...conditions.offline }),
    z.strictObject({ ...ruleFields, kind: z.literal('combination'), mode: z.enum(['all', 'any']), conditions: z.array(subCondition).min(2) }),
  ])
  .superRefine((rule, ctx) => {
    if (rule.kind === 'combination') rule.conditions.forEach((c, i) => checkCondition(c, ctx, ['conditions', i]));
    else checkCondition(rule, ctx, []);
  });

export type RuleConfig = z.output<typeof ruleSchema>;
export type RuleKind = RuleConfig['kind'];
export type SubCondition = z.output<typeof subCondition>;
export type ConditionConfig = RuleConfig | SubCondition;
export type LevelConfig = z.output<typeof levelSchema>;

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

// Levels go from the least to the most severe; `clear` may not lie beyond `raise`.
function checkCondition(c: ConditionConfig, ctx: Ctx, at: Path): void {
  if (c.kind === 'baseline' && c.warmupHours !== undefined && c.warmupHours > c.windowHours) ctx.addIssue({ code: 'custom', message: 'must not exceed windowHours', path: [...at, 'warmupHours'] });
  if (c.kind === 'baseline' && c.bucketMinutes > c.windowHours * 60) ctx.addIssue({ code: 'custom', message: 'must not exceed the window', path: [...at, 'bucketMinutes'] });
  if (c.kind === 'night-min' && c.from === c.to) ctx.addIssue({ code: 'custom', message: 'must differ from `from`', path: [...at, 'to'] });
  if (c.kind === 'offline' || c.kind === 'combination') return;
  const falling = c.kind === 'threshold' && c.direction === 'below';
  const seen = new Set<string>();
  c.levels.forEach((l, i) => {
    if (l.level !== undefined) {
      if (seen.has(l.level)) ctx.addIssue({ code: 'custom', message: `level ${l.level} is listed twice`, path: [...at, 'levels', i, 'level'] });
      seen.add(l.level);
    }
    if (typeof l.raise === 'number' && typeof l.clear === 'number' && (falling ? l.clear < l.raise : l.clear > l.raise))
      ctx.addIssue({ code: 'custom', message: falling ? 'must not be below raise (direction below)' : 'must not be above raise', path: [...at, 'levels', i, 'clear'] });
    const prev = c.levels[i - 1]?.raise;
    if (c.kind !== 'window-sum' && i > 0 && typeof prev === 'number' && typeof l.raise === 'number' && (falling ? l.raise >= prev : l.raise <= prev))
      ctx.addIssue({ code: 'custom', message: `levels go from least to most severe: must be ${falling ? 'below' : 'above'} the previous level's raise (${prev})`, path: [...at, 'levels', i, 'raise'] });
  });
}

/** Parses one rule, throwing an `invalid` AppError whose field names the offending key. */
export function parseRule(raw: unknown, where = 'rule'): RuleConfig {
  const parsed = ruleSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = [where, ...issue.path].join('.');
  throw new AppError('invalid', `${field}: ${issue.message}`, { field, details: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })) });
}
