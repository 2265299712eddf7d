import type { Division } from './divisions.js';
import { shortName } from './division-names.js';

/** One record of `gazetteer.json`: a township or community and the names an address may use for it. */
export interface GazetteerEntry {
  code: string;
  names: string[];
}

// Community committee suffixes, longest first, and the form that names the place itself.
const COMMUNITY_SUFFIXES: [RegExp, (stem: string) => string[]][] = [
  [/社区居民委员会$/, (s) => [`${s}社区`, s]],
  [/社区居委会$/, (s) => [`${s}社区`, s]],
  [/村民委员会$/, (s) => villageForms(s)],
  [/村委会$/, (s) => villageForms(s)],
  [/居民委员会$/, (s) => [s]],
  [/居委会$/, (s) => [s]],
  [/社区$/, (s) => [s]],
  [/村$/, (s) => [s]],
];

/**
 * The names of a township or community as people write them: the official name, then short
 * forms without the unit's suffix (`建国门街道` → `建国门`, `多福巷社区居委会` → `多福巷社区`,
 * `多福巷`; `楼梓庄村委会` → `楼梓庄村`, `楼梓庄`), and the same without a bracketed part.
 * Forms shorter than two characters are left out: they would match almost any address.
 */
export function addressNames(name: string, level: Division['level']): string[] {
  const out = [name];
  if (level === 'community') {
    for (const [suffix, forms] of COMMUNITY_SUFFIXES) {
      if (suffix.test(name)) {
        out.push(...forms(name.replace(suffix, '')));
        break;
      }
    }
  } else {
    out.push(shortName(name));
  }
  const unbracketed = out.map((n) => n.replace(/[（(][^）)]*[）)]/g, '')).filter((n) => n !== name);
  return [...new Set([...out, ...unbracketed])].filter((n) => n.length >= 2);
}

function villageForms(stem: string): string[] {
  const place = stem.replace(/村$/, '');
  return [`${place}村`, place];
}

/** Gazetteer entries for every township and community among the divisions, in code order. */
export function buildGazetteer(divisions: readonly Division[]): GazetteerEntry[] {
  return divisions.filter((d) => d.level === 'township' || d.level === 'community').map((d) => ({ code: d.code, names: addressNames(d.name, d.level) }));
}
