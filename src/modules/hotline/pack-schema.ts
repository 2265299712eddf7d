import { z } from 'zod';

/**
 * The hotline's files in a city pack, as zod schemas: the category taxonomy, the dispatch
 * catalog (派单目录), the deadline policy and the knowledge base (知识库). The working
 * calendar's schema lives with its arithmetic in `calendar.ts`.
 */

/** The five kinds of request of 12345 (诉求类型). */
export const caseKinds = ['inquiry', 'help', 'complaint', 'report', 'suggestion'] as const;
export type CaseKind = (typeof caseKinds)[number];
export const caseKindNames: Record<CaseKind, { zh: string; en: string }> = {
  inquiry: { zh: '咨询', en: 'Inquiry' },
  help: { zh: '求助', en: 'Request for help' },
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report of wrongdoing' },
  suggestion: { zh: '建议', en: 'Suggestion' },
};

/** Urgency as the operator judges it: `critical` means a threat to life or safety. */
export const urgencies = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof urgencies)[number];

const categoryCode = z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, 'must be 2, 4 or 6 digits (level 1, 2 or 3)');

/** An Open311 attribute of a service (GeoReport v2, GET service definition). */
export const attributeSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean().default(false),
  description: z.string().min(1),
  descriptionEn: z.string().optional(),
  datatypeDescription: z.string().optional(),
  order: z.number().int().min(1),
  values: z.array(z.strictObject({ key: z.string().min(1), name: z.string().min(1) })).optional(),
});
export type Attribute = z.infer<typeof attributeSchema>;

/** One node of the 3-level taxonomy; leaves (6 digits) are the services of Open311. */
export const categorySchema = z.strictObject({
  code: categoryCode,
  name: z.string().min(1).max(50),
  nameEn: z.string().min(1).max(100),
  /** Words that make an operator keyword rule (issue 5): a match overrides the model. */
  keywords: z.array(z.string().min(1)).default([]),
  /** The deadline tier this category forces (e.g. a gas leak is `critical`); else the policy's rules decide. */
  tier: z.string().optional(),
  description: z.string().optional(),
  attributes: z.array(attributeSchema).default([]),
});
export type CategoryInput = z.infer<typeof categorySchema>;
export const categoriesFileSchema = z.strictObject({ generatedBy: z.string().optional(), categories: z.array(categorySchema).min(1) });

/**
 * Who a catalog rule sends a case to: an organisation's code, or a role relative to the
 * case's place: `@street` (the street office or township whose jurisdiction holds the
 * case's region), `@district:<slug>` (the district's department `<district>-<slug>`),
 * `@district-centre` (the district's 12345 dispatch centre).
 */
export const dispatchTarget = z.string().regex(/^(@street|@district-centre|@district:[a-z0-9-]+|[0-9a-z][0-9a-z-]*)$/, 'must be an organisation code, @street, @district-centre or @district:<slug>');

export const dispatchRuleSchema = z.strictObject({
  id: z.number().int().min(1),
  /** A category code or its prefix (a level-1 or level-2 code covers everything beneath); `*` for any. */
  category: z.union([categoryCode, z.literal('*')]),
  /** A region code prefix (`110105` = 朝阳区); `*` for the whole city. */
  region: z.union([z.string().regex(/^\d{2,12}$/), z.literal('*')]),
  target: dispatchTarget,
  note: z.string().optional(),
});
export type DispatchRuleInput = z.infer<typeof dispatchRuleSchema>;

export const dispatchFileSchema = z.strictObject({
  generatedBy: z.string().optional(),
  rules: z.array(dispatchRuleSchema).min(1),
  /** Where a case goes when no rule matches and when its region is unknown. */
  fallback: z.strictObject({ withRegion: dispatchTarget, withoutRegion: dispatchTarget }),
  /**
   * Whether requests from citizens' channels (web, app, Open311) whose category and place a
   * catalog rule covers go straight to the proposed office; otherwise a dispatcher confirms.
   */
  autoDispatch: z.boolean().default(true),
  /** Outside government duty (非政府职责): where transferred cases go (110, 95598 …). */
  transferTargets: z.array(z.strictObject({ code: z.string().regex(/^[a-z0-9-]+$/), name: z.string().min(1), nameEn: z.string().min(1), contact: z.string().optional() })).default([]),
});

const limitSchema = z.strictObject({
  amount: z.number().positive(),
  unit: z.enum(['minutes', 'hours', 'days']),
  basis: z.enum(['calendar', 'working']),
});

export const deadlineTierSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  nameEn: z.string().min(1),
  /** Time to accept or dispute (签收/退单) after dispatch. */
  response: limitSchema,
  /** Time to reply (答复) after dispatch. */
  handling: limitSchema,
  /** Time to call the citizen back (回访) after the reply. */
  callback: limitSchema,
  /** Warn when this fraction of a limit is left (0.2 = at 80% of the time). */
  warnAtRemaining: z.number().min(0).max(1).default(0.2),
});

export const deadlinesFileSchema = z.strictObject({
  generatedBy: z.string().optional(),
  tiers: z.array(deadlineTierSchema).min(1),
  /** First match wins; a rule with no condition matches everything. */
  rules: z.array(z.strictObject({ kind: z.enum(caseKinds).optional(), urgency: z.enum(urgencies).optional(), category: categoryCode.optional(), tier: z.string() })).min(1),
  /** How many times a case may be extended (延期), and the most one extension may add. */
  maxExtensions: z.number().int().min(0).default(2),
  /** Personal data of closed cases is erased after this many days. */
  piiRetentionDays: z.number().int().min(1).default(730),
});

export const kbFileSchema = z.strictObject({
  generatedBy: z.string().optional(),
  articles: z.array(
    z.strictObject({
      code: z.string().regex(/^[A-Za-z0-9-]{1,32}$/),
      title: z.string().min(1).max(200),
      body: z.string().min(1).max(20000),
      category: categoryCode.optional(),
      keywords: z.array(z.string()).default([]),
      source: z.string().optional(),
      validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    }),
  ),
});

export const hotlineFiles = {
  categories: 'hotline/categories.json',
  dispatch: 'hotline/dispatch.json',
  deadlines: 'hotline/deadlines.json',
  calendar: 'hotline/calendar.json',
  kb: 'hotline/kb.json',
} as const;
