import { levelRank, type RegionLevel } from './codes.js';

/** A name the matcher looks for in an address, and the region it points at. */
export interface GazetteerName {
  code: string;
  name: string;
  level: RegionLevel;
}

export interface AddressCandidate {
  code: string;
  level: RegionLevel;
  /** The names found in the text that point at this region or its ancestors. */
  matched: string[];
  /** 0–1: how sure the match is. */
  score: number;
}

// How much a found name says by level: a community name pins an address more than a district's.
const levelWeight: Partial<Record<RegionLevel, number>> = { city: 0.3, district: 0.45, township: 0.75, community: 0.9 };

/**
 * A matcher of free-text addresses against a gazetteer: every name found in the text is a
 * vote for its region; votes for a region's ancestors confirm it, and a district named in the
 * text that is not the region's own lowers it. Names are tried longest first, and a name inside
 * a longer found name does not count on its own (`朝阳` inside `朝阳门`).
 */
export function createAddressMatcher(names: readonly GazetteerName[], parentOf: (code: string) => string | null) {
  const sorted = [...names].filter((n) => n.name.length >= 2).sort((a, b) => b.name.length - a.name.length || a.code.localeCompare(b.code));
  const ancestorsOf = (code: string) => {
    const out: string[] = [];
    for (let p = parentOf(code); p; p = parentOf(p)) out.push(p);
    return out;
  };

  return {
    size: sorted.length,
    /** Region candidates for an address, best first. */
    resolve(text: string, { limit = 5 }: { limit?: number } = {}): AddressCandidate[] {
      const cleaned = text.replace(/\s+/g, '');
      const taken: [number, number][] = [];
      const found: GazetteerName[] = [];
      for (const n of sorted) {
        let from = 0;
        for (let at = cleaned.indexOf(n.name, from); at >= 0; at = cleaned.indexOf(n.name, from)) {
          from = at + 1;
          const end = at + n.name.length;
          // A name inside a longer name already found is part of that name, not a name of its own.
          if (taken.some(([s, e]) => at >= s && end <= e && e - s > n.name.length)) continue;
          taken.push([at, end]);
          found.push(n);
          break;
        }
      }
      if (!found.length) return [];
      const foundCodes = new Set(found.map((f) => f.code));
      const namedDistricts = new Set(found.filter((f) => f.level === 'district').map((f) => f.code));
      const byCode = new Map<string, AddressCandidate>();
      for (const f of found) {
        const ancestors = ancestorsOf(f.code);
        const confirmations = ancestors.filter((a) => foundCodes.has(a)).length;
        let score = levelWeight[f.level] ?? 0.2;
        score += Math.min(0.1, 0.1 * confirmations);
        const ownDistrict = f.level === 'district' ? f.code : ancestors.find((a) => namedDistricts.has(a));
        if (namedDistricts.size && !ownDistrict) score *= 0.4;
        const prior = byCode.get(f.code);
        const matched = [...(prior?.matched ?? []), f.name, ...found.filter((g) => ancestors.includes(g.code)).map((g) => g.name)];
        byCode.set(f.code, { code: f.code, level: f.level, matched: [...new Set(matched)], score: Math.min(1, Math.max(prior?.score ?? 0, score)) });
      }
      // A region whose descendant was also found is less specific than that descendant.
      return [...byCode.values()]
        .sort((a, b) => b.score - a.score || levelRank(b.level) - levelRank(a.level) || a.code.localeCompare(b.code))
        .slice(0, limit)
        .map((c) => ({ ...c, score: Math.round(c.score * 1000) / 1000 }));
    },
  };
}

/** Short forms people write for a division name: `建国门街道` → `建国门`, `朝阳区` → `朝阳`. */
export function shortForms(name: string): string[] {
  const out = new Set([name]);
  const stripped = name.replace(/(社区居委会|社区居民委员会|居委会|村民委员会|村委会|街道办事处|街道|地区办事处|地区|镇|乡|社区)$/, '');
  if (stripped.length >= 2 && stripped !== name) out.add(stripped);
  return [...out];
}
