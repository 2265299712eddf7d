import { z } from 'zod';
import { actions, statuses } from './workflow.js';

const orgRef = z.object({ code: z.string(), name: z.string() });

/** A case as the API shows it to one actor: masked or withheld contact, the actions this actor may take. */
export const caseViewSchema = z.object({
  id: z.string(),
  number: z.string().describe('work-order number (工单号): local date + daily sequence'),
  channel: z.string(),
  kind: z.string(),
  category: z.object({ code: z.string(), name: z.string(), path: z.string(), pathEn: z.string() }).nullable(),
  title: z.string().nullable(),
  description: z.string(),
  urgency: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  location: z.object({ lon: z.number().nullable(), lat: z.number().nullable(), address: z.string().nullable(), regionCode: z.string().nullable(), source: z.string() }),
  citizen: z.object({ name: z.string().nullable(), phone: z.string().nullable(), hasEmail: z.boolean(), withheld: z.boolean(), anonymised: z.boolean(), confidential: z.boolean() }),
  status: z.enum(statuses),
  statusName: z.object({ zh: z.string(), en: z.string() }),
  org: orgRef.nullable(),
  proposal: z.object({ org: orgRef.nullable(), ruleId: z.number().nullable(), reason: z.string().nullable() }),
  deadlines: z.object({
    tier: z.string(),
    response: z.string().nullable(),
    handling: z.string().nullable(),
    callback: z.string().nullable(),
    paused: z.boolean(),
    overdue: z.array(z.string()),
    warned: z.array(z.string()),
  }),
  pending: z.object({ type: z.enum(['extension', 'suspension']), requestedBy: z.string(), requestedAt: z.string(), reason: z.string(), until: z.string().optional() }).nullable(),
  counts: z.object({ extensions: z.number(), redo: z.number(), reopen: z.number(), callbackAttempts: z.number() }),
  reply: z.string().nullable(),
  kb: z.object({ code: z.string(), version: z.number().nullable() }).nullable(),
  resolved: z.boolean().nullable(),
  satisfaction: z.string().nullable(),
  mergedInto: z.string().nullable(),
  transferTarget: z.string().nullable(),
  mediaUrl: z.string().nullable(),
  receivedAt: z.string(),
  dispatchedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  updatedAt: z.string(),
  rowVersion: z.number(),
  actions: z.array(z.enum(actions)).describe('what the caller may do now'),
  suggestions: z
    .object({
      source: z.enum(['rule', 'model', 'none']),
      top: z.array(z.object({ categoryCode: z.string(), name: z.string().optional(), path: z.string().optional(), score: z.number(), keyword: z.string().optional() })),
    })
    .nullable()
    .optional()
    .describe('what the classifier suggested at intake (top 3, scores 0..1); null for cases filed before it'),
  modelVersion: z.number().nullable().optional().describe('the city classifier version that made the suggestions (GET /api/hotline/models)'),
});
export type CaseView = z.infer<typeof caseViewSchema>;

export const timelineEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  action: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  actor: z.string(),
  org: z.string().nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
