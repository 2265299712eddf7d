import type { Category } from './catalog.js';

/** A keyword rule of the pack (categories.json `keywords`) that matched a request. */
export interface KeywordMatch {
  categoryCode: string;
  keyword: string;
}

/** The operators' keyword rules of a taxonomy, longest keyword first: a matcher over request text. */
export type KeywordRules = (title: string | null | undefined, description: string) => KeywordMatch | null;

/**
 * The matcher of a taxonomy's keyword rules: the longest keyword found in the title or the
 * description wins (the most specific rule), then the one found earliest, then the lower
 * category code. Case and width are ignored (NFKC, lower case).
 */
export function keywordRules(categories: Iterable<Category>): KeywordRules {
  const rules: Rule[] = [];
  for (const c of categories) for (const keyword of c.keywords) if (keyword.trim()) rules.push({ keyword, norm: normalise(keyword.trim()), code: c.code });
  // Each keyword is found through its first two UTF-16 units (one for a one-unit keyword):
  // a request's text is scanned once, position by position, and only the few keywords that
  // start there are compared — instead of looking for each of a city's hundreds of keywords
  // in the whole text.
  const byStart = new Map<number, Rule[]>();
  for (const rule of rules) {
    const key = rule.norm.length === 1 ? rule.norm.charCodeAt(0) : pairKey(rule.norm, 0);
    const list = byStart.get(key);
    if (list) list.push(rule);
    else byStart.set(key, [rule]);
  }
  const hasSingles = rules.some((r) => r.norm.length === 1);
  return (title, description) => {
    if (!rules.length) return null;
    const text = normalise(`${title ?? ''}\n${description}`);
    let best: Rule | null = null;
    let bestAt = -1;
    const consider = (candidates: Rule[] | undefined, at: number) => {
      if (!candidates) return;
      for (const rule of candidates) {
        if (best && rule.norm.length < best.norm.length) continue;
        if (!text.startsWith(rule.norm, at)) continue;
        // Positions are scanned in order, so an equally long keyword found before this one
        // was found earlier; at the same position the lower category code wins.
        if (!best || rule.norm.length > best.norm.length || (at === bestAt && rule.code < best.code)) {
          best = rule;
          bestAt = at;
        }
      }
    };
    for (let at = 0; at < text.length; at++) {
      if (at + 1 < text.length) consider(byStart.get(pairKey(text, at)), at);
      if (hasSingles) consider(byStart.get(text.charCodeAt(at)), at);
    }
    const found = best as Rule | null;
    return found ? { categoryCode: found.code, keyword: found.keyword } : null;
  };
}

interface Rule {
  keyword: string;
  norm: string;
  code: string;
}

// Two UTF-16 units as one number, above every single unit's code (0xffff).
function pairKey(s: string, at: number): number {
  return 0x10000 + s.charCodeAt(at) * 0x10000 + s.charCodeAt(at + 1);
}

function normalise(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}
