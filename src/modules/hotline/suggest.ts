import type { Kysely, Transaction } from 'kysely';
import { systemContext } from '../../core/context.js';
import { transactionScope } from '../../core/db/database.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { Kernel } from '../../core/kernel.js';
import { loadCatalog, type Catalog } from './catalog.js';
import { activeModelVersion, loadActiveModel, trainCityModel } from './city-models.js';
import { predictCity, type PreparedCityModel } from './classify/index.js';
import { keywordRules, type KeywordRules } from './keyword-rules.js';

/** One suggested category for a request, best first. */
export interface CategorySuggestion {
  categoryCode: string;
  name: string;
  /** 城乡建设/市政设施/路灯不亮 */
  path: string;
  /** The model's probability, 0..1; 1 for the category an operator's keyword rule names. */
  score: number;
  /** The pack's keyword that matched, when a rule put this category first. */
  keyword?: string;
}

/** What the classifier suggests for a request, and what made the suggestion. */
export interface CategorySuggestions {
  /** The city's model version that ranked the categories; null while the city has none yet. */
  modelVersion: number | null;
  /** `rule`: a keyword rule of the pack put its category first; `model`: the model alone; `none`: nothing to go on. */
  source: 'rule' | 'model' | 'none';
  /** At most three, best first. */
  suggestions: CategorySuggestion[];
}

/** How often a copy of the service asks the database whether the city's model changed. */
export const modelRecheckMs = 2_000;

interface CityClassifier {
  checkedAt: number;
  version: number | null;
  model: PreparedCityModel | null;
  catalog: Catalog;
  rules: KeywordRules;
  /** A first-use training in flight, so that it starts once. */
  training: Promise<unknown> | null;
  /** After a failed first-use training, not again before this time (ms since the epoch). */
  retryAt: number;
}

const classifiers = new WeakMap<Kernel, Map<string, CityClassifier>>();

/**
 * The top three categories for a request's title and description: an operator's keyword rule
 * from the pack puts its category first, the city's active model ranks the rest. The model
 * is loaded from the database once and kept per city, and the copy asks at most every
 * `maxAgeMs` whether another version became active. A city that has no model yet gets one
 * trained in the background on first use (its taxonomy and whatever history it has); until
 * then only the keyword rules answer. Inside a transaction, pass it as `db`.
 */
export async function suggestCategories(
  k: Kernel,
  cityCode: string,
  request: { title?: string | null; description: string },
  { db = k.db, catalog, maxAgeMs = modelRecheckMs }: { db?: Kysely<CoreTables> | Transaction<CoreTables>; catalog?: Catalog; maxAgeMs?: number } = {},
): Promise<CategorySuggestions> {
  const c = await cityClassifier(k, cityCode, db, catalog, maxAgeMs);
  const categories = c.catalog.categories;
  const rule = c.rules(request.title, request.description);
  const predicted = c.model ? predictCity(c.model, { title: request.title, text: request.description }, 4) : null;
  const out: CategorySuggestion[] = [];
  if (rule) {
    const cat = categories.get(rule.categoryCode)!;
    out.push({ categoryCode: cat.code, name: cat.name, path: cat.path, score: 1, keyword: rule.keyword });
  }
  if (predicted && predicted.known > 0) {
    for (const p of predicted.top) {
      const cat = categories.get(p.label);
      // A category the pack no longer has is not suggested, whatever an older model learnt.
      if (cat && cat.code !== rule?.categoryCode && out.length < 3) out.push({ categoryCode: cat.code, name: cat.name, path: cat.path, score: round(p.score) });
    }
  }
  const source = rule ? 'rule' : out.length ? 'model' : 'none';
  return { modelVersion: c.model && (rule || out.length) ? c.version : null, source, suggestions: out };
}

/** Forgets the kept models (tests; a copy never needs it: it rechecks by itself). */
export function forgetCityClassifiers(k: Kernel): void {
  classifiers.delete(k);
}

/** Resolves when a first-use training started for the city has finished (at once if none runs). */
export async function firstUseTraining(k: Kernel, cityCode: string): Promise<void> {
  await classifiers.get(k)?.get(cityCode)?.training?.catch(() => {});
}

async function cityClassifier(k: Kernel, cityCode: string, db: Kysely<CoreTables> | Transaction<CoreTables>, given: Catalog | undefined, maxAgeMs: number): Promise<CityClassifier> {
  let perCity = classifiers.get(k);
  if (!perCity) classifiers.set(k, (perCity = new Map()));
  const hit = perCity.get(cityCode);
  if (hit && Date.now() - hit.checkedAt < maxAgeMs && (!given || given.stamp === hit.catalog.stamp)) return hit;

  // Inside a transaction, `db` is that transaction: the embedded database has one connection.
  const catalog = given ?? (await loadCatalog(k, cityCode, db));
  const version = await activeModelVersion(db, cityCode);
  const stored = version === null || version === hit?.version ? null : await loadActiveModel(db, cityCode);
  const next: CityClassifier = {
    checkedAt: Date.now(),
    version: stored?.version ?? (version === hit?.version ? version : null),
    model: stored?.model ?? (version !== null && version === hit?.version ? hit.model : null),
    catalog,
    rules: hit && hit.catalog.stamp === catalog.stamp ? hit.rules : keywordRules(catalog.categories.values()),
    training: hit?.training ?? null,
    retryAt: hit?.retryAt ?? 0,
  };
  if (next.version === null && !next.training && Date.now() >= next.retryAt) next.training = startFirstUseTraining(k, cityCode, perCity);
  perCity.set(cityCode, next);
  return next;
}

// Outside the caller's transaction scope: the training reads and writes with its own connection
// once the caller's transaction is over; afterwards the next call rechecks at once.
function startFirstUseTraining(k: Kernel, cityCode: string, perCity: Map<string, CityClassifier>): Promise<unknown> {
  return transactionScope.exit(() =>
    new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => trainCityModel(k, cityCode, { ctx: systemContext(cityCode, 'classifier-first-use') }))
      .then(
        (v) => k.logger.info({ cityCode, version: v.version, trainedFrom: v.trainedFrom }, 'hotline classifier trained on first use'),
        (err: unknown) => {
          k.logger.warn({ cityCode, err }, 'hotline classifier: the first-use training failed; suggestions come from the keyword rules only, a new try in a minute');
          const c = perCity.get(cityCode);
          if (c) c.retryAt = Date.now() + 60_000;
        },
      )
      .finally(() => {
        const c = perCity.get(cityCode);
        if (c) Object.assign(c, { training: null, checkedAt: 0 });
      }),
  );
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
