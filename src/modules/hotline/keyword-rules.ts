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
  const rules: { keyword: string; norm: string; code: string }[] = [];
  for (const c of categories) for (const keyword of c.keywords) if (keyword.trim()) rules.push({ keyword, norm: normalise(keyword.trim()), code: c.code });
  rules.sort((a, b) => b.norm.length - a.norm.length || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return (title, description) => {
    if (!rules.length) return null;
    const text = normalise(`${title ?? ''}\n${description}`);
    let best: { at: number; rule: (typeof rules)[number] } | null = null;
    for (const rule of rules) {
      // Shorter keywords come later: once one matched, only equally long ones can still win.
      if (best && rule.norm.length < best.rule.norm.length) break;
      const at = text.indexOf(rule.norm);
      if (at >= 0 && (!best || at < best.at)) best = { at, rule };
    }
    return best ? { categoryCode: best.rule.code, keyword: best.rule.keyword } : null;
  };
}

function normalise(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}
