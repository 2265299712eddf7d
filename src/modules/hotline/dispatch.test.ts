import { describe, expect, it } from 'vitest';
import { matchingRules, propose, resolveTarget, type DispatchRule, type TargetResolver } from './dispatch.js';

const rules: DispatchRule[] = [
  { id: 1, category: '01', region: '*', target: '@street' },
  { id: 2, category: '0101', region: '*', target: '@street' },
  { id: 3, category: '010101', region: '*', target: '@district:cgw' },
  { id: 4, category: '010101', region: '110105', target: '110105-cgw' },
  { id: 5, category: '05', region: '*', target: '110000-water' },
  { id: 6, category: '*', region: '110101', target: '@district-centre' },
  { id: 7, category: '0101', region: '*', target: '@district:zjw' },
];
const orgs: Record<string, string> = {
  '110105-cgw': '朝阳区城管委',
  '110101-cgw': '东城区城管委',
  '110000-water': '自来水集团',
  '110000-12345': '12345',
  '110105-12345': '朝阳区12345分中心',
  '110101-12345': '东城区12345分中心',
  '110105001-street': '建外街道办事处',
};
const dir: TargetResolver = {
  street: (r) => (r.startsWith('110105001') ? { code: '110105001-street', name: orgs['110105001-street']! } : null),
  districtCentre: (r) => (orgs[`${r.slice(0, 6)}-12345`] ? { code: `${r.slice(0, 6)}-12345`, name: orgs[`${r.slice(0, 6)}-12345`]! } : null),
  org: (code) => (orgs[code] ? { code, name: orgs[code]! } : null),
};
const fallback = { withRegion: '@district-centre', withoutRegion: '110000-12345' };

describe('dispatch catalog', () => {
  it('prefers the most specific category, then region, then the lowest id', () => {
    expect(matchingRules(rules, '010101', '110105001000').map((r) => r.id)).toEqual([4, 3, 2, 7, 1]);
    expect(matchingRules(rules, '010101', '110101001000').map((r) => r.id)).toEqual([3, 2, 7, 1, 6]);
    expect(matchingRules(rules, '0102', '110108').map((r) => r.id)).toEqual([1]);
    expect(matchingRules(rules, null, '110101').map((r) => r.id)).toEqual([6]);
    expect(matchingRules(rules, '010101', null).map((r) => r.id)).toEqual([3, 2, 7, 1]);
  });

  it('resolves relative targets against the place', () => {
    expect(resolveTarget('@street', '110105001024', dir)?.code).toBe('110105001-street');
    expect(resolveTarget('@street', '110108', dir)).toBeNull();
    expect(resolveTarget('@district:cgw', '110101001', dir)?.code).toBe('110101-cgw');
    expect(resolveTarget('@district:cgw', '1101', dir)).toBeNull();
    expect(resolveTarget('@district-centre', '110105001', dir)?.code).toBe('110105-12345');
    expect(resolveTarget('110000-water', null, dir)?.code).toBe('110000-water');
    expect(resolveTarget('110000-gone', null, dir)).toBeNull();
  });

  it('proposes with the rule, the category path, the region and the office in the reason', () => {
    const p = propose(rules, { categoryCode: '010101', categoryPath: '城乡建设/市政设施/路灯', regionCode: '110105001000' }, fallback, dir);
    expect(p).toEqual({ org: { code: '110105-cgw', name: '朝阳区城管委' }, ruleId: 4, reason: 'catalog rule 4: 城乡建设/市政设施/路灯 in 110105 → 朝阳区城管委' });
  });

  it('skips a rule whose target has no office here and says so', () => {
    const p = propose(rules, { categoryCode: '0102', categoryPath: null, regionCode: '110108001000' }, fallback, dir);
    expect(p.ruleId).toBeNull();
    expect(p.org?.code).toBe('110000-12345');
    expect(p.reason).toContain('skipped rule 1 (@street has no office here)');
  });

  it('falls back to the district centre, or the city centre without a region', () => {
    expect(propose(rules, { categoryCode: '09', categoryPath: null, regionCode: '110105001000' }, fallback, dir)).toMatchObject({ org: { code: '110105-12345' }, ruleId: null });
    expect(propose(rules, { categoryCode: '09', categoryPath: null, regionCode: null }, fallback, dir)).toMatchObject({ org: { code: '110000-12345' }, ruleId: null, reason: 'fallback: the location is unknown → 12345' });
  });

  it('chooses a utility company whatever the place', () => {
    expect(propose(rules, { categoryCode: '050101', categoryPath: null, regionCode: '110105001000' }, fallback, dir).org?.code).toBe('110000-water');
  });
});
