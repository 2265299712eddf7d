import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import { writeAudit } from '../../core/audit.js';
import { systemContext, type RequestContext } from '../../core/context.js';
import type { Kernel } from '../../core/kernel.js';
import type { CoreTables } from '../../core/db/tables.js';
import { loadCatalog, type Catalog } from './catalog.js';
import { accuracyOn, fitCityModel, loadCityModel, serialiseCityModel, type CityTrainOptions, type LabelledCase, type PreparedCityModel, type TaxonomyCategory } from './classify/index.js';
import type { HotlineTables } from './tables.js';
import type { PackLoader } from '../../core/pack.js';

type Db = Kysely<CoreTables> | Transaction<CoreTables>;

/** The most recent labelled cases a training reads: enough history, bounded time and memory. */
export const maxTrainingCases = 10_000;
/** Below this many labelled cases no share is held out to measure the model. */
const minHeldOut = 50;

/** A stored model version as the API lists it. */
export interface ModelVersion {
  version: number;
  active: boolean;
  createdAt: string;
  createdBy: string;
  trainedFrom: Record<string, number>;
  metrics: Record<string, number | null>;
}

/** Where a training is: reading the history, fitting the held-out and the final model, saving. */
export interface TrainProgress {
  phase: 'reading' | 'held-out' | 'training' | 'saving' | 'done';
  done: number;
  total: number;
}

/**
 * Trains a new version of the city's classifier from its own history — every case whose
 * dispatch a person confirmed or corrected, labelled with its category — and the pack's
 * taxonomy, measures it on a held-out fifth of those cases when there are enough, and saves
 * it as the city's active version. The CPU work runs outside any transaction.
 */
export async function trainCityModel(
  k: Kernel,
  cityCode: string,
  { onProgress, ctx = systemContext(cityCode, 'classifier'), options = {} }: { onProgress?: (p: TrainProgress) => void; ctx?: RequestContext; options?: CityTrainOptions } = {},
): Promise<ModelVersion> {
  const steps = 4;
  onProgress?.({ phase: 'reading', done: 0, total: steps });
  const catalog = await loadCatalog(k, cityCode);
  const { cases, confirmed, corrected } = await labelledHistory(k.db, cityCode);
  const categories = taxonomyOf(catalog);
  const started = performance.now();

  onProgress?.({ phase: 'held-out', done: 1, total: steps });
  let heldOut: { top1: number; top3: number; n: number } | null = null;
  if (cases.length >= minHeldOut) {
    const test = cases.filter((c) => c.heldOut);
    const { model } = fitCityModel(categories, cases.filter((c) => !c.heldOut), options);
    heldOut = accuracyOn(model, test);
  }
  onProgress?.({ phase: 'training', done: 2, total: steps });
  const { model, stats } = fitCityModel(categories, cases, options);
  const trainMs = Math.round(performance.now() - started);

  onProgress?.({ phase: 'saving', done: 3, total: steps });
  const stored = serialiseCityModel(model);
  const trainedFrom = { confirmed, corrected, taxonomy: stats.taxonomy, labels: stats.labels, skipped: stats.skipped };
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const metrics = {
    heldOutTop1: heldOut ? round(heldOut.top1) : null,
    heldOutTop3: heldOut ? round(heldOut.top3) : null,
    heldOutN: heldOut?.n ?? 0,
    features: stats.features,
    weights: stats.entries,
    denseWeights: stats.denseEntries,
    bytes: JSON.stringify(stored).length,
    trainMs,
  };
  const saved = await saveVersion(k, ctx, cityCode, { trainedFrom, metrics, model: stored });
  onProgress?.({ phase: 'done', done: steps, total: steps });
  return saved;
}

/** The city's model versions, newest first, with what each learnt from and how well it did. */
export async function listModels(k: Kernel, ctx: RequestContext): Promise<ModelVersion[]> {
  k.policy.check(ctx.actor, { action: 'hotline.catalog.read' });
  const rows = await h(k.db)
    .selectFrom('hotline_models')
    .select(['version', 'active', 'created_at', 'created_by', 'trained_from', 'metrics'])
    .where('city_code', '=', ctx.cityCode)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toVersion);
}

/** The active version number of the city's model, or null: one indexed read. */
export async function activeModelVersion(db: Db, cityCode: string): Promise<number | null> {
  const row = await h(db).selectFrom('hotline_models').select('version').where('city_code', '=', cityCode).where('active', '=', true).executeTakeFirst();
  return row?.version ?? null;
}

/** The city's active model, ready to predict, or null when it has none. */
export async function loadActiveModel(db: Db, cityCode: string): Promise<{ version: number; model: PreparedCityModel } | null> {
  const row = await h(db).selectFrom('hotline_models').select(['version', 'model']).where('city_code', '=', cityCode).where('active', '=', true).executeTakeFirst();
  return row ? { version: row.version, model: loadCityModel(row.model) } : null;
}

/** The city's taxonomy as the classifier learns it. */
export function taxonomyOf(catalog: Catalog): TaxonomyCategory[] {
  return [...catalog.categories.values()].map((c) => ({ code: c.code, parent: c.parent, name: c.name, path: c.path, keywords: c.keywords, description: c.description }));
}

/**
 * The labelled history: the most recent cases (with a category) whose dispatch a person made,
 * as they stand now; corrected when a person overrode the catalog's proposal. A fifth of them,
 * chosen by a hash of the case id, is marked to be held out.
 */
export async function labelledHistory(db: Db, cityCode: string, limit = maxTrainingCases): Promise<{ cases: (LabelledCase & { heldOut: boolean })[]; confirmed: number; corrected: number }> {
  const { rows } = await sql<{ id: string; title: string | null; description: string; category_code: string; corrected: boolean }>`
    select c.id, c.title, c.description, c.category_code, bool_or(d.overridden) as corrected
    from hotline_cases c
    join hotline_dispatches d on d.case_id = c.id and d.by_person
    where c.city_code = ${cityCode} and c.category_code is not null
    group by c.id
    order by max(d.at) desc, c.id
    limit ${limit}`.execute(db);
  const cases = rows.map((r) => ({ title: r.title, text: r.description, label: r.category_code, heldOut: createHash('sha1').update(r.id).digest()[0]! % 5 === 0 }));
  const corrected = rows.filter((r) => r.corrected).length;
  return { cases, confirmed: rows.length - corrected, corrected };
}

// The next version, the previous ones made inactive, in one short transaction; two copies
// training at once both save, one after the other.
async function saveVersion(k: Kernel, ctx: RequestContext, cityCode: string, v: { trainedFrom: Record<string, number>; metrics: Record<string, number | null>; model: unknown }): Promise<ModelVersion> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await k.transaction(async (trx) => {
        const top = await h(trx).selectFrom('hotline_models').select((eb) => eb.fn.max('version').as('v')).where('city_code', '=', cityCode).executeTakeFirst();
        const version = Number(top?.v ?? 0) + 1;
        await h(trx).updateTable('hotline_models').set({ active: false }).where('city_code', '=', cityCode).where('active', '=', true).execute();
        const row = await h(trx)
          .insertInto('hotline_models')
          .values({ city_code: cityCode, version, created_at: k.clock.now(), created_by: ctx.actor?.label ?? 'anonymous', trained_from: JSON.stringify(v.trainedFrom), metrics: JSON.stringify(v.metrics), model: JSON.stringify(v.model), active: true })
          .returning(['version', 'active', 'created_at', 'created_by', 'trained_from', 'metrics'])
          .executeTakeFirstOrThrow();
        await writeAudit(trx, ctx, { action: 'hotline.model.trained', resourceType: 'hotline_model', resourceId: `${cityCode}:${version}`, after: { version, trainedFrom: v.trainedFrom, metrics: v.metrics } });
        return toVersion(row);
      });
    } catch (err) {
      const unique = (err as { code?: string }).code === '23505';
      if (!unique || attempt >= 3) throw unique ? new AppError('conflict', 'another copy of the service saved a model at the same moment; train again', { cause: err }) : err;
    }
  }
}

function toVersion(r: { version: number; active: boolean; created_at: Date; created_by: string; trained_from: Record<string, number>; metrics: Record<string, number | null> }): ModelVersion {
  return { version: r.version, active: r.active, createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by, trainedFrom: r.trained_from, metrics: r.metrics };
}

const h = (db: Db) => db.withTables<HotlineTables>();

/**
 * After a pack with a hotline catalog is imported, a city that has no classifier yet gets
 * one from its taxonomy (and whatever history it has) before the import answers — so the
 * first requests neither wait for a training nor find only the keyword rules. A city that
 * has a model keeps it: `citywork hotline train` makes the next version.
 */
export const classifierPackLoader: PackLoader = {
  name: 'hotline.classifier',
  after: ['hotline.catalog'],
  load: async () => ({}),
  async committed(k, cityCode) {
    const has = await k.db.withTables<HotlineTables>().selectFrom('hotline_settings').select('city_code').where('city_code', '=', cityCode).executeTakeFirst();
    if (!has || (await activeModelVersion(k.db, cityCode)) !== null) return;
    const v = await trainCityModel(k, cityCode, { ctx: systemContext(cityCode, 'pack-import') });
    k.logger.info({ cityCode, version: v.version, trainedFrom: v.trainedFrom }, 'hotline classifier trained after the pack import');
  },
};
