import { sql } from 'kysely';
import type { Kernel } from '../../core/kernel.js';
import { createTextIndex, tokens, type TextIndex } from './text.js';
import { kbTables, type Db } from './kb-store.js';

/**
 * The knowledge base's search index: one per city in memory, built from the database and
 * rebuilt when the city's articles changed, whichever copy of the service changed them.
 */

// A match in the title counts three times one in the body; a keyword, twice.
const weights = { title: 3, keywords: 2, body: 1 } as const;

/** A city's index and the published articles it holds. */
export interface KbIndex {
  stamp: string;
  index: TextIndex;
  entries: Map<string, { code: string; version: number; title: string; body: string; category: string | null; updatedAt: string; terms: string[][] }>;
}

const caches = new WeakMap<Kernel, Map<string, { stamp: string; built: Promise<KbIndex> }>>();

// Versions only grow and rows are never deleted, so the count and the sum of versions change
// with every write, by this copy or any other copy of the service on the same database.
async function readStamp(db: Db, cityCode: string): Promise<string> {
  const row = await kbTables(db)
    .selectFrom('hotline_kb_articles')
    .select((eb) => [eb.fn.countAll<number>().as('n'), sql<number>`coalesce(sum(version), 0)`.as('v')])
    .where('city_code', '=', cityCode)
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.v}`;
}

/** The city's search index, rebuilt when its stamp moved; an article's tokens are kept while its version stays. */
export async function kbIndex(k: Kernel, cityCode: string): Promise<KbIndex> {
  let perCity = caches.get(k);
  if (!perCity) caches.set(k, (perCity = new Map()));
  const stamp = await readStamp(k.db, cityCode);
  const held = perCity.get(cityCode);
  if (held?.stamp === stamp) return held.built;
  const previous = held ? await held.built.catch(() => undefined) : undefined;
  if (perCity.get(cityCode) !== held) return kbIndex(k, cityCode);
  const built = build(k, cityCode, stamp, previous);
  perCity.set(cityCode, { stamp, built });
  built.catch(() => perCity.get(cityCode)?.built === built && perCity.delete(cityCode));
  return built;
}

async function build(k: Kernel, cityCode: string, stamp: string, previous: KbIndex | undefined): Promise<KbIndex> {
  const rows = await kbTables(k.db).selectFrom('hotline_kb_articles').select(['code', 'version', 'title', 'body', 'category', 'keywords', 'updated_at']).where('city_code', '=', cityCode).where('status', '=', 'published').execute();
  const entries: KbIndex['entries'] = new Map();
  for (const r of rows) {
    const before = previous?.entries.get(r.code);
    const terms = before?.version === r.version ? before.terms : [tokens(r.title), tokens(r.keywords.join(' ')), tokens(r.body)];
    entries.set(r.code, { code: r.code, version: r.version, title: r.title, body: r.body, category: r.category, updatedAt: r.updated_at.toISOString(), terms });
  }
  const index = createTextIndex(
    [...entries.values()].map((e) => ({
      id: e.code,
      fields: [
        { text: e.title, tokens: e.terms[0], weight: weights.title },
        { text: '', tokens: e.terms[1], weight: weights.keywords },
        { text: e.body, tokens: e.terms[2], weight: weights.body },
      ],
    })),
  );
  return { stamp, index, entries };
}

/** About `width` characters of the body around the first place a matched term occurs (the start when none does). */
export function snippetOf(body: string, matched: readonly string[], width = 80): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat.length <= width) return flat;
  const lower = flat.toLowerCase();
  // Words before single characters: a lone 办 says less about where the answer is than 提取 does.
  const firstOf = (terms: readonly string[]) => Math.min(...terms.map((term) => lower.indexOf(term)).filter((i) => i >= 0), Infinity);
  let at = firstOf(matched.filter((m) => [...m].length > 1));
  if (at === Infinity) at = firstOf(matched);
  if (at === Infinity) at = 0;
  let start = Math.max(0, Math.min(at - Math.floor(width / 4), flat.length - width));
  let end = start + width;
  if (/[\uDC00-\uDFFF]/.test(flat[start] ?? '')) start++;
  if (/[\uD800-\uDBFF]/.test(flat[end - 1] ?? '')) end--;
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}
