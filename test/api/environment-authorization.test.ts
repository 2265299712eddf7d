import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testService, type TestService } from '../support/service.js';
import { bearer, seedToken, seedUser } from '../support/http.js';
import type { Actor } from '../../src/core/context.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { environmentModule } from '../../src/modules/environment/index.js';

// The environment module's rows of the authorization matrix (test/api/authorization.test.ts
// holds the core's and the hotline's), written out by hand: role × jurisdiction × action.
// Regions: 110105 朝阳区 Chaoyang, 110108 海淀区 Haidian.
const actors = ['admin', 'operator', 'dispatcher', 'handler@110105', 'handler@110108', 'assessor', 'analyst', 'engineer', 'citizen', 'anonymous'] as const;

const matrix: [action: string, region: string | null, allowed: string][] = [
  //                                                      adm ope dis h05 h08 ass ana eng cit anon
  // Public arithmetic and public maps: everyone signed in.
  ['environment.aqi.compute',      null,                  'Y   Y   Y   Y   Y   Y   Y   Y   Y   .'],
  ['environment.water.classify',   null,                  'Y   Y   Y   Y   Y   Y   Y   Y   Y   .'],
  ['environment.zone.read',        null,                  'Y   Y   Y   Y   Y   Y   Y   Y   Y   .'],
  ['environment.park.read',        '110105000000',        'Y   Y   Y   Y   .   Y   Y   Y   Y   .'],
  // What was flagged inside a zone: staff, each within their jurisdiction (filtered in the store).
  ['environment.zone-flag.read',   null,                  'Y   Y   Y   Y   Y   Y   Y   Y   .   .'],
  ['environment.emissions.read',   '110105000000',        'Y   Y   Y   Y   .   Y   Y   Y   .   .'],
  ['environment.emissions.read',   '110108000000',        'Y   Y   Y   .   Y   Y   Y   Y   .   .'],
  // Data imports: the analysts who keep the figures, and admins.
  ['environment.activity.import',  null,                  'Y   .   .   .   .   .   Y   .   .   .'],
  ['environment.park.import',      null,                  'Y   .   .   .   .   .   Y   .   .   .'],
];

const routes: Record<string, { method: 'GET' | 'POST'; url: string; body?: unknown; ok: number }> = {
  'environment.water.classify': { method: 'POST', url: '/api/environment/water-class', body: { cod: 12 }, ok: 200 },
  'environment.zone.read': { method: 'GET', url: '/api/environment/zones', ok: 200 },
  'environment.zone-flag.read': { method: 'GET', url: '/api/environment/zone-flags', ok: 200 },
  'environment.park.import': { method: 'POST', url: '/api/environment/parks', body: { type: 'FeatureCollection', features: [] }, ok: 200 },
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

describe('environment authorization matrix', () => {
  let s: TestService;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    s = await testService({ modules: [regionsModule, environmentModule] });
    for (const a of actors) {
      if (a === 'anonymous') continue;
      const [role, region] = a.split('@') as [string, string | undefined];
      tokens.set(a, await seedToken(s, { userId: await seedUser(s, a.replace('@', '.'), [role], { jurisdiction: region ? [region] : [] }) }));
    }
  });
  afterAll(() => s.close());

  it.each(cases)('$actor · $action · region $region → allow=$allow (policy)', ({ actor, action, region, allow }) => {
    expect(s.kernel.policy.allows(actorFor(actor), region === null ? { action } : { action, regionCode: region })).toBe(allow);
  });

  it.each(cases.filter((c) => routes[c.action]))('$actor · $action → allow=$allow (HTTP)', async ({ actor, action, allow }) => {
    const route = routes[action]!;
    const token = tokens.get(actor);
    const res = await s.app.inject({ method: route.method, url: route.url, headers: token ? bearer(token) : {}, payload: route.body as object | undefined });
    if (allow) expect(res.statusCode, res.body).toBe(route.ok);
    else expect(res.statusCode).toBe(actor === 'anonymous' ? 401 : 403);
  });
});
