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
  // The names by their first two characters (every name has at least two), each list in
  // `sorted` order: a text is scanned once, position by position, instead of once per name.
  const byHead = new Map<string, number[]>();
  sorted.forEach((n, i) => {
    const head = n.name.slice(0, 2);
    const list = byHead.get(head);
    if (list) list.push(i);
    else byHead.set(head, [i]);
  });
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
      // Every occurrence of every name, found in one pass over the text.
      const at = new Map<number, number[]>();
      for (let i = 0; i + 1 < cleaned.length; i++) {
        for (const k of byHead.get(cleaned.slice(i, i + 2)) ?? []) {
          if (!cleaned.startsWith(sorted[k]!.name, i)) continue;
          const list = at.get(k);
          if (list) list.push(i);
          else at.set(k, [i]);
        }
      }
      // Then as before: names longest first, each at its first place not inside a longer name found.
      const taken: [number, number][] = [];
      const found: GazetteerName[] = [];
      for (const k of [...at.keys()].sort((a, b) => a - b)) {
        const n = sorted[k]!;
        for (const start of at.get(k)!) {
          const end = start + n.name.length;
          // A name inside a longer name already found is part of that name, not a name of its own.
          if (taken.some(([s, e]) => start >= s && end <= e && e - s > n.name.length)) continue;
          taken.push([start, end]);
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
