import { regionPrefix } from '../../core/auth/jurisdiction.js';

/**
 * The dispatch catalog (派单目录): category × region → responsible organisation. Pure: the
 * caller resolves a rule's target (`@street`, `@district:<slug>`, `@district-centre` or an
 * organisation's code) into an organisation with what it knows of the city.
 */
export interface DispatchRule {
  id: number;
  /** A category code or prefix; `*` for any. */
  category: string;
  /** A region code prefix; `*` for anywhere. */
  region: string;
  target: string;
  note?: string | null;
}

/**
 * The rules that apply to a case, best first: the most specific category (the longest
 * prefix of the case's category), then the most specific region, then the lowest id.
 * A case without a category matches only `*` rules; without a region only `*` regions.
 */
export function matchingRules(rules: readonly DispatchRule[], categoryCode: string | null, regionCode: string | null): DispatchRule[] {
  const region = regionCode ? regionCode.padEnd(12, '0') : null;
  const catLen = (r: DispatchRule) => (r.category === '*' ? 0 : r.category.length);
  const regLen = (r: DispatchRule) => (r.region === '*' ? 0 : regionPrefix(r.region).length);
  return rules
    .filter((r) => r.category === '*' || (categoryCode !== null && categoryCode.startsWith(r.category)))
    .filter((r) => r.region === '*' || (region !== null && region.startsWith(regionPrefix(r.region))))
    .sort((a, b) => catLen(b) - catLen(a) || regLen(b) - regLen(a) || a.id - b.id);
}

/** What the organisation directory answers while a target is resolved. */
export interface TargetResolver {
  /** The street office or township whose jurisdiction holds the region. */
  street(regionCode: string): { code: string; name: string } | null;
  /** The dispatch centre of the region's district (or the nearest above it). */
  districtCentre(regionCode: string): { code: string; name: string } | null;
  /** An organisation by code, if active. */
  org(code: string): { code: string; name: string } | null;
}

export interface Proposal {
  org: { code: string; name: string } | null;
  /** The rule that decided, or null for the fallback. */
  ruleId: number | null;
  /** Said to the dispatcher: "catalog rule 17: 城乡建设/市政设施/路灯 in 110105 → 朝阳区城管委". */
  reason: string;
}

/** The district (6-digit) prefix of a region code, or null above district level. */
export function districtOf(regionCode: string): string | null {
  const p = regionPrefix(regionCode);
  return p.length >= 6 ? p.slice(0, 6) : null;
}

/** Resolves one target for a region; null when the directory has no such organisation there. */
export function resolveTarget(target: string, regionCode: string | null, dir: TargetResolver): { code: string; name: string } | null {
  if (target === '@street') return regionCode ? dir.street(regionCode) : null;
  if (target === '@district-centre') return regionCode ? dir.districtCentre(regionCode) : null;
  if (target.startsWith('@district:')) {
    const district = regionCode ? districtOf(regionCode) : null;
    return district ? dir.org(`${district}-${target.slice('@district:'.length)}`) : null;
  }
  return dir.org(target);
}

/**
 * Proposes the office for a case: the first matching rule whose target resolves here,
 * else the fallback (the district's dispatch centre, or the city's without a region).
 * The reason names the rule, the category path, the region and the office.
 */
export function propose(
  rules: readonly DispatchRule[],
  c: { categoryCode: string | null; categoryPath: string | null; regionCode: string | null },
  fallback: { withRegion: string; withoutRegion: string },
  dir: TargetResolver,
): Proposal {
  const skipped: string[] = [];
  for (const rule of matchingRules(rules, c.categoryCode, c.regionCode)) {
    const org = resolveTarget(rule.target, c.regionCode, dir);
    if (org) {
      const what = rule.category === '*' ? 'any category' : (c.categoryPath ?? rule.category);
      const where = rule.region === '*' ? 'anywhere' : `in ${regionPrefix(rule.region)}`;
      const via = rule.target.startsWith('@') ? ` (${rule.target})` : '';
      return { org, ruleId: rule.id, reason: `catalog rule ${rule.id}: ${what} ${where} → ${org.name}${via}${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}` };
    }
    skipped.push(`rule ${rule.id} (${rule.target} has no office here)`);
  }
  const target = c.regionCode ? fallback.withRegion : fallback.withoutRegion;
  const org = resolveTarget(target, c.regionCode, dir) ?? (c.regionCode ? resolveTarget(fallback.withoutRegion, null, dir) : null);
  const why = !c.regionCode ? 'the location is unknown' : !c.categoryCode ? 'the category is not set' : 'no catalog rule matched';
  return { org, ruleId: null, reason: `fallback: ${why}${skipped.length ? ` (skipped ${skipped.join(', ')})` : ''} → ${org?.name ?? 'manual dispatch'}` };
}
