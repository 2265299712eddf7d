import { z } from 'zod';
import { levels, tasks } from './tasks.js';
import { statuses } from './evaluate.js';

/** Response and query shapes of the checkup API, for validation and the OpenAPI document. */
const bilingual = z.object({ zh: z.string(), en: z.string() });
export const regionRef = z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), level: z.string(), parent: z.string().nullable() });
export const regionParam = z.string().regex(/^\d{2,12}$/, 'must be a region code (2, 4, 6, 9 or 12 digits)');
export const yearParam = z.coerce.number().int().min(1949).max(2200);

export const standardView = z.object({
  version: z.number(),
  target: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  tier: z.string(),
  document: z.string(),
  verified: z.boolean(),
  note: z.string().nullable().optional(),
  reason: z.string().nullable().optional(),
  changedBy: z.string().optional(),
  validFrom: z.string().optional(),
});

export const indicatorView = z.object({
  code: z.string(),
  name: bilingual,
  definition: bilingual.optional(),
  task: z.enum(tasks),
  level: z.enum(levels),
  unit: z.string(),
  kind: z.string(),
  direction: z.string(),
  nearPct: z.number().optional(),
  iso: z.array(z.string()),
  source: z.object({ document: z.string(), verified: z.boolean(), note: z.string().optional() }),
  obtain: z.object({ type: z.enum(['imported', 'computed']), provider: z.string().optional(), params: z.record(z.string(), z.unknown()).optional() }),
  /** For computed indicators: whether a module registers the provider in this build. */
  providerRegistered: z.boolean().nullable(),
  /** What the provider computes, in its own words. */
  providerDescription: z.string().nullable(),
  plausible: z.object({ min: z.number(), max: z.number() }),
  weight: z.number(),
  objectType: z.string().optional(),
  standard: standardView.nullable(),
});

const valueSource = z.object({ origin: z.string(), source: z.string(), sample: z.boolean(), provider: z.string().nullable(), coverage: z.number().nullable(), updatedAt: z.string() });
export const storedValueView = valueSource.extend({ code: z.string(), regionCode: z.string(), year: z.number(), value: z.number(), importId: z.string().nullable() });

const counts = z.object(Object.fromEntries(statuses.map((s) => [s, z.number()])) as Record<(typeof statuses)[number], z.ZodNumber>);
const coverage = z.object({ withValue: z.number(), total: z.number(), share: z.number() });
export const evaluationView = z.object({
  region: regionRef,
  year: z.number(),
  years: z.array(z.number()),
  nearPct: z.number(),
  evaluatedAt: z.string(),
  siblings: z.array(regionRef),
  coverage,
  counts,
  tasks: z.array(
    z.object({
      task: z.enum(tasks),
      name: bilingual,
      coverage,
      counts,
      indicators: z.array(
        z.object({
          code: z.string(),
          name: bilingual,
          level: z.string(),
          unit: z.string(),
          kind: z.string(),
          direction: z.string(),
          provider: z.string().nullable(),
          value: z.number().nullable(),
          source: valueSource.nullable(),
          standard: standardView.nullable(),
          status: z.enum(statuses as [string, ...string[]]),
          gap: z.number().nullable(),
          relative: z.number().nullable(),
          trend: z.object({ previousYear: z.number(), previous: z.number(), change: z.number(), changePct: z.number().nullable(), direction: z.enum(['improving', 'worsening', 'stable']) }).nullable(),
          series: z.array(z.object({ year: z.number(), value: z.number() })),
          rank: z.object({ rank: z.number(), of: z.number() }).nullable(),
        }),
      ),
    }),
  ),
});

export const rowError = z.object({ line: z.number(), field: z.string(), reason: z.string(), message: bilingual, value: z.string().nullable() });
export const importReport = z.object({ id: z.string().nullable(), status: z.enum(['applied', 'partial', 'rejected', 'checked']), rows: z.number(), applied: z.number(), errors: z.array(rowError), problems: z.number() });

export const problemView = z.object({
  id: z.string(),
  code: z.string(),
  regionCode: z.string(),
  year: z.number(),
  object: z.object({ type: z.string(), id: z.string(), name: z.string(), detail: z.string().nullable() }),
  project: z.object({ id: z.string(), name: z.string(), status: z.string(), percent: z.number() }).nullable(),
  recheck: z.object({ status: z.enum(['gone', 'persists', 'not_rechecked']), year: z.number().nullable() }),
});
export const projectView = z.object({
  id: z.string(),
  name: z.string(),
  regionCode: z.string(),
  status: z.enum(['planned', 'in_progress', 'done', 'cancelled']),
  percent: z.number(),
  startDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  finishedOn: z.string().nullable(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  problems: z.array(problemView).optional(),
});

const interval = z.object({ unit: z.string(), baseline: z.number().nullable(), median: z.number().nullable(), p05: z.number().nullable(), p95: z.number().nullable(), best: z.number().nullable(), worst: z.number().nullable(), ranked: z.number() });
export const compositeView = z.object({
  year: z.number(),
  parent: z.string().nullable(),
  units: z.number(),
  reference: z.string(),
  tasks: z.array(
    z.object({
      task: z.enum(tasks),
      name: bilingual,
      method: z.object({ normalisation: z.string(), aggregation: z.string(), cap: z.number(), minCoverage: z.number(), weights: z.record(z.string(), z.number()) }),
      normalisedBy: z.record(z.string(), z.string()),
      units: z.array(z.object({ unit: z.string(), name: z.string(), nameEn: z.string().nullable(), value: z.number().nullable(), coverage: z.number(), rank: z.number().nullable() })),
      sensitivity: z.object({ runs: z.number(), seed: z.number(), settings: z.unknown(), intervals: z.array(interval) }).nullable(),
    }),
  ),
});

/** A value made JSON-plain: dates become ISO strings, as the schemas above expect. */
export function plain<T>(value: T): any {
  return JSON.parse(JSON.stringify(value));
}
