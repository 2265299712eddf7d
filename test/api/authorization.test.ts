import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../support/service.js';
import { bearer, seedToken, seedUser } from '../support/http.js';
import { revealPii } from '../../src/core/pii-access.js';
import type { Actor } from '../../src/core/context.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { hotlineModule } from '../../src/modules/hotline/index.js';

// The authorization matrix: role × jurisdiction × action → allow (Y) or deny (.).
// Written out by hand from the security model in ARCHITECTURE.md, never derived from the
// policy code it tests. Every later module appends its own rows (and actors, if it has new ones).
//
// Regions: 110105 朝阳区 Chaoyang, 110105001000 a street in Chaoyang, 110108 海淀区 Haidian.
const actors = ['admin', 'operator', 'dispatcher', 'handler@110105', 'handler@110108', 'assessor', 'analyst', 'engineer', 'citizen', 'anonymous'] as const;

const matrix: [action: string, region: string | null, allowed: string][] = [
  //                                                   adm ope dis h05 h08 ass ana eng cit anon
  ['core.user.create',       null,                     'Y   .   .   .   .   .   .   .   .   .'],
  ['core.user.list',         null,                     'Y   .   .   .   .   .   .   .   .   .'],
  ['core.user.disable',      null,                     'Y   .   .   .   .   .   .   .   .   .'],
  ['core.token.create',      null,                     'Y   .   .   .   .   .   .   .   .   .'],
  ['core.token.list',        null,                     'Y   .   .   .   .   .   .   .   .   .'],
  ['core.token.revoke',      null,                     'Y   .   .   .   .   .   .   .   .   .'],
  ['core.audit.read',        null,                     'Y   .   .   .   .   Y   .   .   .   .'],
  ['core.pack.import',       null,                     'Y   .   .   .   .   .   .   .   .   .'],
  ['core.backup.create',     null,                     'Y   .   .   .   .   .   .   .   .   .'],
  ['core.job.list',          null,                     'Y   .   .   .   .   .   .   .   .   .'],
  // Unmasked personal data: only those who must call the citizen back, and only in their jurisdiction.
  ['core.pii.read',          '110105001000',           '.   Y   Y   Y   .   .   .   .   .   .'],
  ['core.pii.read',          '110105000000',           '.   Y   Y   Y   .   .   .   .   .   .'],
  ['core.pii.read',          '110108001000',           '.   Y   Y   .   Y   .   .   .   .   .'],
  ['core.pii.read',          '',                       '.   Y   Y   .   .   .   .   .   .   .'],
  // The directory of organisations: every member of staff.
  ['core.org.read',          null,                     'Y   Y   Y   Y   Y   Y   Y   Y   .   .'],
  // The hotline. Which cases an actor sees (their office's, their jurisdiction's, their own)
  // and which step is theirs (office, supervisor, citizen) is tested in test/api/hotline.test.ts.
  ['hotline.case.create',    null,                     'Y   Y   Y   .   .   .   .   .   Y   .'],
  ['hotline.case.read',      null,                     'Y   Y   Y   Y   Y   Y   Y   .   Y   .'],
  ['hotline.case.answer',    null,                     'Y   Y   Y   .   .   .   .   .   .   .'],
  ['hotline.case.dispatch',  null,                     'Y   Y   Y   .   .   .   .   .   .   .'],
  ['hotline.case.handle',    null,                     'Y   .   .   Y   Y   .   .   .   .   .'],
  ['hotline.case.approve',   null,                     'Y   .   Y   Y   Y   .   .   .   .   .'],
  ['hotline.case.callback',  null,                     'Y   Y   Y   .   .   .   .   .   Y   .'],
  ['hotline.case.close',     null,                     'Y   Y   Y   .   .   .   .   .   .   .'],
  ['hotline.case.reopen',    null,                     'Y   Y   Y   .   .   .   .   .   .   .'],
  ['hotline.case.merge',     null,                     'Y   Y   Y   .   .   .   .   .   .   .'],
  ['hotline.case.transfer',  null,                     'Y   Y   Y   .   .   .   .   .   .   .'],
  ['hotline.case.export',    null,                     'Y   Y   Y   Y   Y   Y   Y   .   .   .'],
  ['hotline.caller.history', null,                     'Y   Y   Y   .   .   .   .   .   .   .'],
  ['hotline.catalog.read',   null,                     'Y   Y   Y   Y   Y   Y   Y   .   Y   .'],
  ['hotline.kb.read',        null,                     'Y   Y   Y   Y   Y   Y   Y   .   Y   .'],
  ['hotline.kb.write',       null,                     'Y   Y   Y   .   .   .   .   .   .   .'],
  // 三率: a handler sees only their own office's figures (test/api/hotline-assessment.test.ts).
  ['hotline.assessment.read', null,                    'Y   Y   Y   Y   Y   Y   Y   .   .   .'],
  // Hotspots, monthly topics, proactive tasks; a handler closes their own office's tasks only.
  ['hotline.insight.read',   null,                     'Y   Y   Y   Y   Y   Y   Y   .   .   .'],
  ['hotline.proactive.handle', null,                   'Y   .   .   Y   Y   .   .   .   .   .'],
  ['hotline.case.generate',  null,                     'Y   .   .   .   .   .   .   .   .   .'],
];

// The routes behind the actions that have one, with what an allowed call answers.
const routes: Record<string, { method: 'GET' | 'POST'; url: string; body?: unknown; ok: number }> = {
  'core.user.list': { method: 'GET', url: '/api/core/users', ok: 200 },
  'core.user.create': { method: 'POST', url: '/api/core/users', body: { username: 'will-exist', displayName: 'x', password: 'a-long-password', roles: ['analyst'] }, ok: 201 },
  'core.token.list': { method: 'GET', url: '/api/core/tokens', ok: 200 },
  'core.audit.read': { method: 'GET', url: '/api/core/audit?limit=1', ok: 200 },
  'core.job.list': { method: 'GET', url: '/api/core/jobs', ok: 200 },
  'core.org.read': { method: 'GET', url: '/api/orgs', ok: 200 },
  'hotline.kb.read': { method: 'GET', url: '/api/hotline/kb', ok: 200 },
};

function actorFor(name: (typeof actors)[number]): Actor | null {
  if (name === 'anonymous') return null;
  const [role, region] = name.split('@') as [string, string | undefined];
  return { kind: 'user', id: `usr_${name}`, label: name, roles: [role], orgId: null, jurisdiction: region ? [region] : [], cityCode: '110000' };
}

const cases = matrix.flatMap(([action, region, allowed]) => {
  const marks = allowed.split(/\s+/);
  if (marks.length !== actors.length) throw new Error(`matrix row ${action} has ${marks.length} marks for ${actors.length} actors`);
  return actors.map((actor, i) => ({ actor, action, region, allow: marks[i] === 'Y' }));
});

describe('authorization matrix', () => {
  let s: TestService;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    s = await testService({ modules: [regionsModule, hotlineModule] });
    for (const a of actors) {
      if (a === 'anonymous') continue;
      const [role, region] = a.split('@') as [string, string | undefined];
      const id = await seedUser(s, a.replace('@', '.'), [role], { jurisdiction: region ? [region] : [] });
      tokens.set(a, await seedToken(s, { userId: id }));
    }
  });
  afterAll(() => s.close());

  it.each(cases)('$actor · $action · region $region → allow=$allow (policy)', ({ actor, action, region, allow }) => {
    const req = region === null ? { action } : { action, regionCode: region || null };
    expect(s.kernel.policy.allows(actorFor(actor), req)).toBe(allow);
  });

  it.each(cases.filter((c) => routes[c.action]))('$actor · $action → allow=$allow (HTTP)', async ({ actor, action, allow }) => {
    const route = routes[action]!;
    const token = tokens.get(actor);
    const body = route.body ? { ...(route.body as object), username: `u-${actor.replace('@', '-')}` } : undefined;
    const res = await s.app.inject({ method: route.method, url: route.url, headers: token ? bearer(token) : {}, payload: body as object | undefined });
    if (allow) expect(res.statusCode).toBe(route.ok);
    else expect(res.statusCode).toBe(actor === 'anonymous' ? 401 : 403);
  });

  it.each(cases.filter((c) => c.action === 'core.pii.read'))('$actor reveals personal data in region $region → allow=$allow, audited when allowed', async ({ actor, region, allow }) => {
    const sealed = s.kernel.pii.encrypt('13812341234');
    const a = actorFor(actor);
    const ctx = { actor: a, cityCode: '110000', ip: '127.0.0.1', requestId: 'req_test' };
    const resourceId = `case_${actor}_${region}`;
    const call = revealPii(s.kernel, ctx, { resourceType: 'case', resourceId, field: 'phone', regionCode: region || null }, sealed);
    if (allow) expect(await call).toBe('13812341234');
    else await expect(call).rejects.toMatchObject({ kind: a ? 'forbidden' : 'unauthenticated' });
    const audit = await s.kernel.db.selectFrom('core_audit').select(['action', 'after']).where('resource_id', '=', resourceId).execute();
    expect(audit.length).toBe(allow ? 1 : 0);
  });

  it('denies everything in another city, whatever the role', () => {
    const admin = { ...actorFor('admin')!, cityCode: '310000' };
    expect(s.kernel.policy.allows(admin, { action: 'core.user.list', cityCode: '110000' })).toBe(false);
    const operator = actorFor('operator')!;
    expect(s.kernel.policy.allows(operator, { action: 'core.pii.read', regionCode: '310101000000', cityCode: '310000' })).toBe(false);
  });
});
