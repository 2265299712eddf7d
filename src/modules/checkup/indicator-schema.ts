import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { directions, kinds, levels, tasks, tiers } from './tasks.js';

const text = z.string().trim().min(1);
const bilingual = z.strictObject({ zh: text, en: text });

/** A standard an indicator is scored against, with who set it and in which document. */
export const standardSchema = z.strictObject({
  /** For higher-better: the minimum to meet; for lower-better: the maximum. */
  target: z.number().optional(),
  /** For within-a-range: the bounds, both included. */
  lower: z.number().optional(),
  upper: z.number().optional(),
  tier: z.enum(tiers),
  document: text,
  /** Whether the value was checked against the document itself; false marks it for review. */
  verified: z.boolean(),
  note: z.string().optional(),
});
export type Standard = z.infer<typeof standardSchema>;

const obtain = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('imported') }),
  z.strictObject({ type: z.literal('computed'), provider: z.string().regex(/^[a-z][a-z0-9]*\.[a-z0-9-]+$/, 'must be <module>.<name>'), params: z.record(z.string(), z.unknown()).default({}) }),
]);

/** One indicator of the checkup library, as a pack's `checkup/indicators.json` lists it. */
export const indicatorSchema = z
  .strictObject({
    code: z.string().regex(/^[A-Za-z][A-Za-z0-9._-]{0,31}$/, 'must be a letter then letters, digits, . _ -, at most 32'),
    name: bilingual,
    /** How it is measured, in a sentence. */
    definition: bilingual.optional(),
    task: z.enum(tasks),
    level: z.enum(levels),
    unit: text,
    kind: z.enum(kinds),
    direction: z.enum(directions),
    standard: standardSchema.optional(),
    /** This indicator's band for "near" (percent of the standard); the pack's default otherwise. */
    nearPct: z.number().min(0).max(100).optional(),
    /** ISO 37120 / 37122 / 37123 indicators it corresponds to (`ISO 37120:2018 21.1`). */
    iso: z.array(text).default([]),
    /** The indicator system it comes from, and whether its name and definition were checked there. */
    source: z.strictObject({ document: text, verified: z.boolean(), note: z.string().optional() }),
    obtain,
    plausible: z.strictObject({ min: z.number(), max: z.number() }).refine((r) => r.min <= r.max, 'min must not exceed max').optional(),
    /** Its weight in its task's composite (default 1). */
    weight: z.number().min(0).max(100).default(1),
    /** For count indicators: what the problem objects are (`building`, `community`, `street`). */
    objectType: z.string().optional(),
  })
  .superRefine((d, ctx) => {
    const s = d.standard;
    if (d.kind === 'context') {
      if (s) ctx.addIssue({ code: 'custom', path: ['standard'], message: 'a context indicator is shown, not scored: it has no standard' });
      return;
    }
    if (d.kind === 'count' && d.direction !== 'lower') ctx.addIssue({ code: 'custom', path: ['direction'], message: 'a count of problems is better lower' });
    if (!s) return;
    if (d.direction === 'within') {
      if (s.lower === undefined || s.upper === undefined) ctx.addIssue({ code: 'custom', path: ['standard', s.lower === undefined ? 'lower' : 'upper'], message: 'a within-a-range standard needs lower and upper' });
      else if (s.lower > s.upper) ctx.addIssue({ code: 'custom', path: ['standard', 'lower'], message: 'lower must not exceed upper' });
    } else if (s.target === undefined) ctx.addIssue({ code: 'custom', path: ['standard', 'target'], message: `a ${d.direction}-is-better standard needs a target` });
  });
export type IndicatorDefinition = z.infer<typeof indicatorSchema>;

/** The whole of `checkup/indicators.json`: the library, the near band, the composite settings. */
export const libraryFileSchema = z
  .strictObject({
    source: text,
    notes: z.string().optional(),
    /** An indicator within this percent of its standard (on the wrong side) is "near", not "not met". */
    nearPct: z.number().min(0).max(100).default(10),
    composite: z
      .strictObject({
        normalisation: z.enum(['distance', 'minmax']).default('distance'),
        aggregation: z.enum(['arithmetic', 'geometric']).default('arithmetic'),
        /** Below this share of its weight with values, a region gets no composite for the task. */
        minCoverage: z.number().min(0).max(1).default(0.5),
        /** Distance-to-standard scores are capped here: meeting the standard earns this much, not more. */
        cap: z.number().min(1).max(10).default(1),
        sensitivity: z
          .strictObject({
            runs: z.number().int().min(10).max(100_000).default(1000),
            seed: z.number().int().default(1),
            /** How weights vary: Dirichlet around the pack's weights (concentration α per unit weight), or each ±pct uniformly. */
            weights: z.discriminatedUnion('method', [z.strictObject({ method: z.literal('dirichlet'), concentration: z.number().positive().default(20) }), z.strictObject({ method: z.literal('uniform'), pct: z.number().min(0).max(100).default(25) })]).default({ method: 'dirichlet', concentration: 20 }),
            normalisations: z.array(z.enum(['distance', 'minmax'])).min(1).default(['distance', 'minmax']),
            aggregations: z.array(z.enum(['arithmetic', 'geometric'])).min(1).default(['arithmetic', 'geometric']),
          })
          .prefault({}),
      })
      .prefault({}),
    indicators: z.array(indicatorSchema).min(1),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.indicators.forEach((d, i) => {
      if (seen.has(d.code)) ctx.addIssue({ code: 'custom', path: ['indicators', i, 'code'], message: `${d.code} is listed twice` });
      seen.add(d.code);
    });
  });
export type LibraryFile = z.infer<typeof libraryFileSchema>;
export type CompositeSettings = LibraryFile['composite'];

/** Parses a library file, or throws an AppError naming the file, the indicator and the field at fault. */
export function parseLibrary(raw: unknown, file = 'checkup/indicators.json'): LibraryFile {
  const parsed = libraryFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  const at = issue.path[0] === 'indicators' && typeof issue.path[1] === 'number' ? codeAt(raw, issue.path[1]) : null;
  throw new AppError('invalid', `${file}: ${field || '(root)'}${at ? ` (${at})` : ''}: ${issue.message}`, { field: `${file}:${field}` });
}

function codeAt(raw: unknown, i: number): string | null {
  const list = (raw as { indicators?: { code?: unknown }[] })?.indicators;
  const code = list?.[i]?.code;
  return typeof code === 'string' ? code : null;
}
