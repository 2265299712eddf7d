import { z } from 'zod';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { alarmStates } from './alarms/alarm.js';
import { actOnAlarm, type AlarmActionInput, type AlarmHandling } from './alarm-actions.js';
import { alarmDetail, alarmDetailSchema } from './alarm-detail.js';
import { listAlarms, readAction } from './alarm-queries.js';
import { alarmViewSchema } from './alarm-views.js';
import { parseBbox } from './asset-geometry.js';
import { cityRules } from './rules-pack.js';
import { severities } from './rules/types.js';

const tags = ['monitoring'];
const idParam = z.strictObject({ id: z.string().min(1).max(64) });
const version = z.number().int().positive().optional().describe('the alarm version you saw: 409 if it changed since');

// A comma-separated list of one of `values`.
const listOf = <T extends string>(values: readonly T[], what: string) =>
  z
    .string()
    .max(200)
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const list = s.split(',').map((x) => x.trim());
      const bad = list.find((x) => !(values as readonly string[]).includes(x));
      if (bad) {
        ctx.addIssue({ code: 'custom', message: `${bad} is not a ${what}; one of ${values.join(', ')}` });
        return z.NEVER;
      }
      return list as T[];
    });

const bodies: Record<AlarmHandling, z.ZodType> = {
  acknowledge: z.strictObject({ note: z.string().max(500).nullish(), expectedVersion: version }),
  assign: z.strictObject({ assignee: z.strictObject({ kind: z.enum(['user', 'org']), id: z.string().min(1).max(64) }).nullable().describe('a user id or an office (organisation code); null takes the assignment back'), expectedVersion: version }),
  comment: z.strictObject({ text: z.string().min(1).max(2000), expectedVersion: version }),
  clear: z.strictObject({ reason: z.string().min(1).max(500).describe('why it is cleared by hand (required)'), expectedVersion: version }),
};
const summaries: Record<AlarmHandling, string> = {
  acknowledge: 'Acknowledge an alarm (active or cleared): stops its escalation; 409 with the allowed actions when its state forbids it',
  assign: 'Assign an alarm to a user or an office, or take the assignment back (assignee: null)',
  comment: 'Comment on an alarm (allowed in every state)',
  clear: 'Clear an active alarm by hand, with a reason; the rule raises a new one if the condition persists',
};

/** The alarms API: lists (jurisdiction-scoped), one alarm with history and its case, and what people do with alarms. */
export function alarmRoutes(app: Routes, k: Kernel) {
  app.get('/api/monitoring/alarms', {
    schema: {
      tags,
      summary: 'Alarms in your jurisdiction: by state, active, severity, alarm type, asset, region (and inside it), bbox (west,south,east,north), changed since; newest or most severe first; a page at a time (next → cursor)',
      querystring: z.strictObject({
        state: listOf(alarmStates, 'state'),
        active: z.enum(['true', 'false']).optional(),
        severity: listOf(severities, 'severity'),
        type: z.string().regex(/^[a-z][a-z0-9_]*$/).max(64).optional(),
        asset: z.string().min(1).max(64).optional(),
        region: z.string().regex(/^\d{2,12}$/, 'must be a region code').optional(),
        bbox: z.string().max(100).optional(),
        since: z.iso.datetime({ offset: true }).optional().describe('alarms raised or changed at or after this time'),
        sort: z.enum(['newest', 'severity']).default('newest'),
        limit: z.coerce.number().int().min(1).max(500).default(50),
        cursor: z.string().max(300).optional(),
      }),
      response: { 200: z.object({ alarms: z.array(alarmViewSchema), next: z.string().nullable(), total: z.number() }) },
    },
    handler: async (req) => {
      const actor = k.policy.check(req.ctx.actor, { action: readAction });
      const { bbox, since, active, ...rest } = req.query;
      return listAlarms(k, actor, { ...rest, bbox: bbox ? parseBbox(bbox) : undefined, since: since ? new Date(since) : undefined, active: active === undefined ? undefined : active === 'true' });
    },
  });

  app.get('/api/monitoring/alarms/:id', {
    schema: { tags, summary: 'One alarm with its full history, the hotline case it opened (when you may see it) and the state of that request', params: idParam, response: { 200: alarmDetailSchema } },
    handler: async (req) => alarmDetail(k, req.ctx, req.params.id),
  });

  for (const action of ['acknowledge', 'assign', 'comment', 'clear'] as const) {
    app.post(`/api/monitoring/alarms/:id/${action}`, {
      schema: { tags, summary: summaries[action], params: idParam, body: bodies[action], response: { 200: alarmViewSchema } },
      handler: async (req) => actOnAlarm(k, req.ctx, (req.params as { id: string }).id, action, req.body as AlarmActionInput),
    });
  }

  app.get('/api/monitoring/rules', {
    schema: { tags, summary: 'The city’s monitoring rules (lifelines pack): asset types with their rules, alarm types (names, hotline category, when they open a case), escalation times, map colours' },
    handler: async (req) => {
      k.policy.check(req.ctx.actor, { action: readAction });
      const rules = await cityRules(k, req.ctx.cityCode);
      return rules ? { version: rules.version, ...rules.file } : { version: 0, assetTypes: {}, alarmTypes: {}, escalation: null, mapColours: {} };
    },
  });
}
