import { z } from 'zod';
import { inJurisdiction } from '../../core/auth/jurisdiction.js';
import { requireActor } from '../../core/auth/authenticate.js';
import { sendLiveStream, type LiveEvent } from '../../core/live.js';
import type { Actor } from '../../core/context.js';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { hotlineOverview } from './overview.js';

const tags = ['hotline'];
const counts = { open: z.number(), overdue: z.number(), today: z.number(), recent: z.number() };

/** The overview (一屏观全域) and the live stream of case changes the console listens to. */
export function overviewRoutes(app: Routes, k: Kernel) {
  app.get('/api/hotline/overview', {
    schema: {
      tags,
      summary: 'The city at a glance: per district (or per street of `parent`) open, overdue, today’s intake and cases per 10,000 residents; totals; top categories',
      querystring: z.strictObject({
        parent: z.string().regex(/^\d{2,12}$/, 'must be a region code').optional(),
        windowDays: z.coerce.number().int().min(1).max(366).default(30),
      }),
      response: {
        200: z.object({
          asOf: z.string(),
          windowDays: z.number(),
          scope: z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), level: z.string() }),
          unitParent: z.string(),
          units: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), level: z.string(), ...counts, population: z.number().nullable(), per10k: z.number().nullable().describe('cases received in the window per 10,000 residents') })),
          totals: z.object({ ...counts, unlocated: z.number() }),
          topCategories: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string(), count: z.number() })),
        }),
      },
    },
    handler: async (req) => hotlineOverview(k, req.ctx, req.query),
  });

  app.get('/api/hotline/live', {
    schema: { tags, summary: 'Server-sent events: the case changes you may see (id, number, status, region), and a bare tick for other changes' },
    handler: async (req, reply) => {
      const actor = k.policy.check(requireActor(req), { action: 'hotline.case.read' });
      sendLiveStream(k, req, reply, (events) => projectCaseEvents(actor, events));
    },
  });
}

const hotlineStaff = ['admin', 'operator', 'dispatcher', 'assessor', 'analyst'];

/** What one actor may learn from a batch of outbox events: the changes of cases they see, and whether anything else changed. */
export function projectCaseEvents(actor: Actor, events: LiveEvent[]) {
  const cases = events.filter((e) => e.cityCode === actor.cityCode && e.topic.startsWith('hotline.case.'));
  if (!cases.length) return null;
  const staff = actor.roles.some((r) => hotlineStaff.includes(r));
  const visible = cases.filter((e) => {
    const p = e.payload;
    if (staff) return inJurisdiction(actor.jurisdiction, p.regionCode as string | null);
    return actor.roles.includes('handler') && !!actor.orgId && p.orgCode === actor.orgId;
  });
  if (!staff && !actor.roles.includes('handler') && !visible.length) return null;
  return {
    changed: cases.length,
    cases: visible.slice(-50).map((e) => ({ topic: e.topic, caseId: e.payload.caseId, number: e.payload.number, action: e.payload.action, status: e.payload.to, regionCode: e.payload.regionCode ?? null })),
  };
}
