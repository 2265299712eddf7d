import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { writeAudit } from '../../core/audit.js';
import { emitEvent } from '../../core/events.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { PackLoader } from '../../core/pack.js';
import { hotlineFiles, kbFileSchema } from './pack-schema.js';
import { articleView, checkCategory, checkContent, currentOf, kbTables, lockCurrent, sameContent, toClean, validFromColumn, writeVersion, type CleanContent, type KbArticle, type KbContent, type KbStatus } from './kb-store.js';
import { kbIndex, snippetOf } from './kb-index.js';

export type { KbArticle, KbContent, KbStatus } from './kb-store.js';

/**
 * The knowledge base (知识库): policy answers that operators find at intake, kept by staff
 * with every version, and read from the city pack's `hotline/kb.json`.
 */

/** The one event of the knowledge base: an article got a new version (created, edited, retired, imported). */
export const kbEvents = { changed: 'hotline.kb-article.changed' } as const;
const actions = { created: 'hotline.kb-article.created', updated: 'hotline.kb-article.updated', retired: 'hotline.kb-article.retired', imported: 'hotline.kb.imported' } as const;

export type KbVersionSummary = Pick<KbArticle, 'version' | 'title' | 'status' | 'note' | 'editedBy' | 'editedAt'>;

/** An article found by search (with its score and the query terms it matched) or listed (score null). */
export interface KbHit {
  code: string;
  version: number;
  title: string;
  snippet: string;
  category: string | null;
  score: number | null;
  matched: string[];
  updatedAt: string;
}

export type KbFile = z.infer<typeof kbFileSchema>;

/** Finds published articles for a question, best first; `category` keeps those under a category code. */
export async function searchKb(k: Kernel, ctx: RequestContext, { q, category, limit = 10, offset = 0 }: { q: string; category?: string; limit?: number; offset?: number }): Promise<{ articles: KbHit[] }> {
  k.policy.check(ctx.actor, { action: 'hotline.kb.read' });
  if (!q.trim()) throw new AppError('invalid', 'q must not be blank', { field: 'q' });
  const cache = await kbIndex(k, ctx.cityCode);
  const filter = category ? (code: string) => cache.entries.get(code)?.category?.startsWith(category) === true : undefined;
  const hits = cache.index.search(q, offset + limit, { filter }).slice(offset);
  return {
    articles: hits.map((h) => {
      const e = cache.entries.get(h.id)!;
      return { code: e.code, version: e.version, title: e.title, snippet: snippetOf(e.body, h.matched), category: e.category, score: Math.round(h.score * 1e4) / 1e4, matched: h.matched, updatedAt: e.updatedAt };
    }),
  };
}

/** Published articles, newest first, a page at a time. */
export async function listKb(k: Kernel, ctx: RequestContext, { category, limit = 20, offset = 0 }: { category?: string; limit?: number; offset?: number } = {}): Promise<{ articles: KbHit[]; total: number }> {
  k.policy.check(ctx.actor, { action: 'hotline.kb.read' });
  let q = kbTables(k.db).selectFrom('hotline_kb_articles').where('city_code', '=', ctx.cityCode).where('status', '=', 'published');
  if (category) q = q.where('category', 'like', `${category}%`);
  const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.select(['code', 'version', 'title', 'body', 'category', 'updated_at']).orderBy('updated_at', 'desc').orderBy('code').limit(limit).offset(offset).execute();
  const articles = rows.map((r) => ({ code: r.code, version: r.version, title: r.title, snippet: snippetOf(r.body, []), category: r.category, score: null, matched: [], updatedAt: r.updated_at.toISOString() }));
  return { articles, total: Number(n) };
}

/** An article as it is now, or one of its earlier versions. */
export async function getArticle(k: Kernel, ctx: RequestContext, code: string, version?: number): Promise<KbArticle> {
  k.policy.check(ctx.actor, { action: 'hotline.kb.read' });
  const current = await currentOf(k.db, ctx.cityCode, code);
  const row = await kbTables(k.db)
    .selectFrom('hotline_kb_versions')
    .select(['code', 'version', 'title', 'body', 'category', 'keywords', 'source', validFromColumn, 'status', 'note', 'edited_by', 'edited_at'])
    .where('city_code', '=', ctx.cityCode)
    .where('code', '=', code)
    .where('version', '=', version ?? current.version)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `article ${code} has no version ${version} (current: ${current.version})`, { field: 'version' });
  return { ...articleView(code, row.version, toClean(row), row.status as KbStatus, { note: row.note, editor: row.edited_by, at: row.edited_at }), currentVersion: current.version };
}

/** Every version of an article, newest first. */
export async function listVersions(k: Kernel, ctx: RequestContext, code: string): Promise<{ code: string; currentVersion: number; versions: KbVersionSummary[] }> {
  k.policy.check(ctx.actor, { action: 'hotline.kb.read' });
  const current = await currentOf(k.db, ctx.cityCode, code);
  const rows = await kbTables(k.db).selectFrom('hotline_kb_versions').select(['version', 'title', 'status', 'note', 'edited_by', 'edited_at']).where('city_code', '=', ctx.cityCode).where('code', '=', code).orderBy('version', 'desc').execute();
  return { code, currentVersion: current.version, versions: rows.map((r) => ({ version: r.version, title: r.title, status: r.status as KbStatus, note: r.note, editedBy: r.edited_by, editedAt: r.edited_at.toISOString() })) };
}

/** Writes a new article as version 1. */
export async function createArticle(k: Kernel, ctx: RequestContext, input: KbContent & { code: string; note?: string }): Promise<KbArticle> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.kb.write' });
  if (!/^[A-Za-z0-9-]{1,32}$/.test(input.code ?? '')) throw new AppError('invalid', 'code must be 1–32 letters, digits or dashes', { field: 'code' });
  const clean = checkContent(input);
  const edit = { note: input.note ?? null, editor: actor.label, at: k.clock.now() };
  return k.transaction(async (trx) => {
    await checkCategory(trx, ctx.cityCode, clean.category);
    const existing = await kbTables(trx).selectFrom('hotline_kb_articles').select('version').where('city_code', '=', ctx.cityCode).where('code', '=', input.code).executeTakeFirst();
    if (existing) throw new AppError('conflict', `article ${input.code} already exists (version ${existing.version}); edit it instead`, { field: 'code', details: { currentVersion: existing.version } });
    await writeVersion(trx, ctx.cityCode, input.code, 1, clean, 'published', edit);
    await record(trx, ctx, actions.created, input.code, null, { version: 1, status: 'published', title: clean.title, category: clean.category });
    return articleView(input.code, 1, clean, 'published', edit);
  });
}

/** Writes a new version of an article, if `expectedVersion` is still its current one; a retired article is published again. */
export async function updateArticle(k: Kernel, ctx: RequestContext, code: string, input: KbContent & { expectedVersion: number; note?: string }): Promise<KbArticle> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.kb.write' });
  const clean = checkContent(input);
  const edit = { note: input.note ?? null, editor: actor.label, at: k.clock.now() };
  return k.transaction(async (trx) => {
    await checkCategory(trx, ctx.cityCode, clean.category);
    const before = await lockCurrent(trx, ctx.cityCode, code, input.expectedVersion);
    await writeVersion(trx, ctx.cityCode, code, before.version + 1, clean, 'published', edit);
    await record(trx, ctx, actions.updated, code, before, { version: before.version + 1, status: 'published', title: clean.title, category: clean.category });
    return articleView(code, before.version + 1, clean, 'published', edit);
  });
}

/** Takes an article out of search as a new version; its versions stay. */
export async function retireArticle(k: Kernel, ctx: RequestContext, code: string, { expectedVersion, note }: { expectedVersion: number; note?: string }): Promise<KbArticle> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.kb.write' });
  const edit = { note: note ?? null, editor: actor.label, at: k.clock.now() };
  return k.transaction(async (trx) => {
    const before = await lockCurrent(trx, ctx.cityCode, code, expectedVersion);
    if (before.status === 'retired') throw new AppError('conflict', `article ${code} is already retired`, { details: { currentVersion: before.version } });
    await writeVersion(trx, ctx.cityCode, code, before.version + 1, before.content, 'retired', edit);
    await record(trx, ctx, actions.retired, code, before, { version: before.version + 1, status: 'retired', title: before.content.title, category: before.content.category });
    return articleView(code, before.version + 1, before.content, 'retired', edit);
  });
}

/** Checks a `kb.json` against its schema and for codes given twice, naming the field at fault. */
export function parseKbFile(raw: unknown): KbFile {
  const parsed = kbFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    packFail([...issue.path, ...(issue.code === 'unrecognized_keys' ? [issue.keys[0]!] : [])], issue.message);
  }
  const seen = new Set<string>();
  parsed.data.articles.forEach((a, i) => {
    if (seen.has(a.code)) packFail(['articles', i, 'code'], `article ${a.code} is given twice`);
    seen.add(a.code);
  });
  return parsed.data;
}

/**
 * Writes a pack's articles in the caller's transaction. An article whose content differs from
 * what the pack last wrote gets a new version (by `pack`); one the pack wrote unchanged is left
 * alone, so staff edits since stand; one the pack wrote before and no longer has is retired.
 */
export async function importKbIn(trx: Transaction<CoreTables>, ctx: RequestContext, file: KbFile): Promise<{ articles: number; newVersions: number; retired: number }> {
  const db = kbTables(trx);
  const categories = new Set((await db.selectFrom('hotline_categories').select('code').where('city_code', '=', ctx.cityCode).execute()).map((r) => r.code));
  file.articles.forEach((a, i) => {
    if (a.category && categories.size && !categories.has(a.category)) packFail(['articles', i, 'category'], `no category ${a.category} in the city's catalog`);
  });
  const current = new Map((await db.selectFrom('hotline_kb_articles').select(['code', 'version', 'title', 'body', 'category', 'keywords', 'source', validFromColumn, 'status']).where('city_code', '=', ctx.cityCode).execute()).map((r) => [r.code, r]));
  const byPack = new Map(
    (
      await db
        .selectFrom('hotline_kb_versions')
        .distinctOn('code')
        .select(['code', 'version', 'title', 'body', 'category', 'keywords', 'source', validFromColumn, 'status'])
        .where('city_code', '=', ctx.cityCode)
        .where('edited_by', '=', 'pack')
        .orderBy('code')
        .orderBy('version', 'desc')
        .execute()
    ).map((r) => [r.code, r]),
  );
  const changed: string[] = [];
  let newVersions = 0;
  let retired = 0;
  const write = async (code: string, content: CleanContent, status: KbStatus, note: string) => {
    const version = (current.get(code)?.version ?? 0) + 1;
    await writeVersion(trx, ctx.cityCode, code, version, content, status, { note, editor: 'pack' });
    await emitEvent(trx, ctx.cityCode, kbEvents.changed, { code, version, status, change: status === 'retired' ? 'retired' : version === 1 ? 'created' : 'updated', editedBy: 'pack' });
    changed.push(code);
  };
  for (const a of file.articles) {
    const content: CleanContent = { title: a.title.trim(), body: a.body, category: a.category ?? null, keywords: a.keywords, source: a.source ?? null, validFrom: a.validFrom ?? null };
    const last = byPack.get(a.code);
    if (last?.status === 'published' && sameContent(toClean(last), content)) continue;
    await write(a.code, content, 'published', 'from the city pack');
    newVersions++;
  }
  const inPack = new Set(file.articles.map((a) => a.code));
  for (const [code, last] of byPack) {
    const now = current.get(code);
    if (inPack.has(code) || last.status !== 'published' || now?.status !== 'published') continue;
    await write(code, toClean(now), 'retired', 'no longer in the city pack');
    retired++;
  }
  const counts = { articles: file.articles.length, newVersions, retired };
  if (changed.length) await writeAudit(trx, ctx, { action: actions.imported, resourceType: 'kb-article', resourceId: null, after: { ...counts, changed: changed.slice(0, 200) } });
  return counts;
}

/** Reads a `kb.json` (as parsed JSON) into the city's knowledge base, outside a pack import. */
export async function importKb(k: Kernel, ctx: RequestContext, raw: unknown): Promise<{ articles: number; newVersions: number; retired: number }> {
  k.policy.check(ctx.actor, { action: 'hotline.kb.write' });
  const file = parseKbFile(raw);
  return k.transaction((trx) => importKbIn(trx, ctx, file));
}

/** The pack loader: `hotline/kb.json`, after the catalog whose categories it refers to. */
export const kbPackLoader: PackLoader = {
  name: 'hotline.kb',
  after: ['hotline.catalog'],
  async load({ has, readJson, trx, ctx }) {
    if (!has(hotlineFiles.kb)) return { articles: 0, newVersions: 0, retired: 0 };
    return importKbIn(trx, ctx, parseKbFile(await readJson(hotlineFiles.kb)));
  },
};

async function record(trx: Transaction<CoreTables>, ctx: RequestContext, action: string, code: string, before: { version: number; status: KbStatus; content: CleanContent } | null, after: { version: number; status: KbStatus; title: string; category: string | null }): Promise<void> {
  await writeAudit(trx, ctx, { action, resourceType: 'kb-article', resourceId: code, before: before && { version: before.version, status: before.status, title: before.content.title, category: before.content.category }, after });
  await emitEvent(trx, ctx.cityCode, kbEvents.changed, { code, version: after.version, status: after.status, change: action.split('.').pop(), editedBy: ctx.actor?.label ?? 'anonymous' });
}

function packFail(path: PropertyKey[], message: string): never {
  const field = path.map(String).join('.');
  throw new AppError('invalid', `kb.json: ${field || '(root)'}: ${message}`, { field: `kb.json:${field}` });
}
