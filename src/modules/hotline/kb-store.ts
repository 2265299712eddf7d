import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { HotlineTables } from './tables.js';

/**
 * The knowledge base's rows: checking what staff wrote, and reading and writing articles and
 * their versions in the caller's transaction. The use cases are in `kb.ts`.
 */

export type Db = Kysely<CoreTables> | Transaction<CoreTables>;
/** An article's content once checked: trimmed, every optional field present. */
export type CleanContent = { title: string; body: string; category: string | null; keywords: string[]; source: string | null; validFrom: string | null };
/** The hotline's tables on a connection or transaction. */
export const kbTables = (db: Db) => db.withTables<HotlineTables>();
/** `valid_from` as `YYYY-MM-DD` text: a pg date would come back as a local-midnight Date. */
export const validFromColumn = sql<string | null>`to_char(valid_from, 'YYYY-MM-DD')`.as('valid_from');

export type KbStatus = 'published' | 'retired';

/** What an article says; `updateArticle` replaces all of it. */
export interface KbContent {
  title: string;
  body: string;
  /** A category code of the city's catalog (2, 4 or 6 digits). */
  category?: string | null;
  keywords?: string[];
  source?: string | null;
  /** The day the policy took effect, `YYYY-MM-DD`. */
  validFrom?: string | null;
}

/** One version of an article, as the API shows it. */
export interface KbArticle {
  code: string;
  version: number;
  currentVersion: number;
  title: string;
  body: string;
  category: string | null;
  keywords: string[];
  source: string | null;
  validFrom: string | null;
  status: KbStatus;
  note: string | null;
  editedBy: string;
  editedAt: string;
}

/** Checks what staff wrote, naming the field at fault; returns it trimmed. */
export function checkContent(input: KbContent): CleanContent {
  const fail = (field: string, message: string): never => {
    throw new AppError('invalid', message, { field });
  };
  const title = typeof input.title === 'string' ? input.title.trim() : '';
  if (!title) fail('title', 'title is required');
  if (title.length > 200) fail('title', `title must be at most 200 characters, not ${title.length}`);
  const body = typeof input.body === 'string' ? input.body.trim() : '';
  if (!body) fail('body', 'body is required');
  if (body.length > 20000) fail('body', `body must be at most 20000 characters, not ${body.length}`);
  const category = input.category || null;
  if (category !== null && !/^(\d{2}|\d{4}|\d{6})$/.test(category)) fail('category', 'category must be a category code of 2, 4 or 6 digits');
  const keywords = [...new Set((input.keywords ?? []).map((w) => w.trim()).filter(Boolean))];
  if (keywords.length > 30) fail('keywords', 'at most 30 keywords');
  keywords.forEach((w, i) => w.length > 50 && fail(`keywords.${i}`, 'a keyword must be at most 50 characters'));
  const source = input.source?.trim() || null;
  if (source && source.length > 500) fail('source', 'source must be at most 500 characters');
  const validFrom = input.validFrom || null;
  if (validFrom !== null && !isDay(validFrom)) fail('validFrom', 'validFrom must be a date YYYY-MM-DD');
  return { title, body, category, keywords, source, validFrom };
}

/** The current version of an article; not_found naming `code` when there is none. */
export async function currentOf(db: Db, cityCode: string, code: string): Promise<{ version: number }> {
  const row = await kbTables(db).selectFrom('hotline_kb_articles').select('version').where('city_code', '=', cityCode).where('code', '=', code).executeTakeFirst();
  if (!row) throw new AppError('not_found', `no article ${code}`, { field: 'code' });
  return row;
}

/** Locks an article for a write and checks that the version the writer saw is still its current one. */
export async function lockCurrent(trx: Transaction<CoreTables>, cityCode: string, code: string, expectedVersion: number): Promise<{ version: number; status: KbStatus; content: CleanContent }> {
  const row = await kbTables(trx)
    .selectFrom('hotline_kb_articles')
    .select(['version', 'status', 'title', 'body', 'category', 'keywords', 'source', validFromColumn])
    .where('city_code', '=', cityCode)
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `no article ${code}`, { field: 'code' });
  if (row.version !== expectedVersion) {
    throw new AppError('conflict', `article ${code} is at version ${row.version}, not ${expectedVersion}: someone edited it since; reload it and edit again`, { field: 'expectedVersion', details: { currentVersion: row.version } });
  }
  return { version: row.version, status: row.status, content: toClean(row) };
}

/** Adds a version and makes it the article's current state. */
export async function writeVersion(trx: Transaction<CoreTables>, cityCode: string, code: string, version: number, c: CleanContent, status: KbStatus, { note, editor, at }: { note: string | null; editor: string; at?: Date }): Promise<void> {
  const fields = { version, title: c.title, body: c.body, category: c.category, keywords: c.keywords, source: c.source, valid_from: c.validFrom, status };
  await kbTables(trx).insertInto('hotline_kb_versions').values({ city_code: cityCode, code, ...fields, note, edited_by: editor, edited_at: at }).execute();
  await kbTables(trx)
    .insertInto('hotline_kb_articles')
    .values({ city_code: cityCode, code, ...fields, updated_by: editor, updated_at: at })
    .onConflict((oc) => oc.columns(['city_code', 'code']).doUpdateSet({ ...fields, updated_by: editor, updated_at: at ?? sql`now()` }))
    .execute();
}

/** Checks a category code against the city's catalog. */
export async function checkCategory(trx: Transaction<CoreTables>, cityCode: string, category: string | null): Promise<void> {
  if (!category) return;
  const rows = await kbTables(trx)
    .selectFrom('hotline_categories')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>(eb.case().when('code', '=', category).then(1).else(0).end()).as('hit')])
    .where('city_code', '=', cityCode)
    .executeTakeFirstOrThrow();
  // A city whose catalog is not loaded yet takes any well-formed code.
  if (Number(rows.n) > 0 && !Number(rows.hit)) throw new AppError('invalid', `no category ${category} in the city's catalog`, { field: 'category' });
}

/** The content of an article or version row. */
export function toClean(r: { title: string; body: string; category: string | null; keywords: string[]; source: string | null; valid_from: string | null }): CleanContent {
  return { title: r.title, body: r.body, category: r.category, keywords: r.keywords, source: r.source, validFrom: r.valid_from };
}

/** The API's view of one version. */
export function articleView(code: string, version: number, c: CleanContent, status: KbStatus, { note, editor, at }: { note: string | null; editor: string; at: Date }): KbArticle {
  return { code, version, currentVersion: version, ...c, status, note, editedBy: editor, editedAt: at.toISOString() };
}

/** Whether two contents say the same. */
export function sameContent(a: CleanContent, b: CleanContent): boolean {
  return a.title === b.title && a.body === b.body && a.category === b.category && a.source === b.source && a.validFrom === b.validFrom && a.keywords.join('\u0000') === b.keywords.join('\u0000');
}

function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
