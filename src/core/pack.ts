import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Transaction } from 'kysely';
import { AppError } from './errors.js';
import { newId } from './ids.js';
import { writeAudit } from './audit.js';
import type { CoreTables } from './db/tables.js';
import type { Kernel } from './kernel.js';
import type { RequestContext } from './context.js';

/** `pack.json`: what a city pack is and which city it describes. */
export const packManifestSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and dashes'),
  version: z.string().min(1),
  description: z.string().optional(),
  city: z.strictObject({
    code: z.string().regex(/^\d{6}$/, 'must be a 6-digit division code'),
    nameZh: z.string().min(1),
    nameEn: z.string().min(1),
    timezone: z.string().default('Asia/Shanghai'),
  }),
  /** Where the pack's data came from: package names and versions, statistics with sources. */
  sources: z.array(z.strictObject({ name: z.string(), version: z.string().optional(), licence: z.string().optional(), note: z.string().optional() })).default([]),
});
export type PackManifest = z.infer<typeof packManifestSchema>;

/** What a loader is given: the manifest, the pack's files, the transaction and a progress callback. */
export interface PackInput {
  manifest: PackManifest;
  /** Whether the pack has this file (loaders may read optional files). */
  has(file: string): boolean;
  readText(file: string): Promise<string>;
  readJson<T = unknown>(file: string): Promise<T>;
  trx: Transaction<CoreTables>;
  ctx: RequestContext;
  progress(done: number, total: number): void;
}

/** Reads a part of a city pack into a module's tables; must be an upsert, so re-import is safe. */
export interface PackLoader {
  /** `<module>.<what>`: `core.city`, `regions.divisions`. */
  name: string;
  /** Loaders that must run first. */
  after?: string[];
  load(input: PackInput): Promise<Record<string, number>>;
  /**
   * Called once the whole pack committed, in order: drop this copy's caches of what was
   * loaded, or derive what the new data needs (the import answers after it finished).
   */
  committed?(k: Kernel, cityCode: string): void | Promise<void>;
}

export interface PackImportReport {
  id: string;
  pack: string;
  version: string;
  cityCode: string;
  digest: string;
  loaders: { name: string; counts: Record<string, number>; ms: number }[];
}

/** The loader the core brings: the city itself, from `pack.json`. */
export const cityLoader: PackLoader = {
  name: 'core.city',
  async load({ manifest, trx }) {
    const { code, nameZh, nameEn, timezone } = manifest.city;
    await trx
      .insertInto('core_cities')
      .values({ city_code: code, name_zh: nameZh, name_en: nameEn, timezone, manifest: JSON.stringify(manifest) })
      .onConflict((oc) => oc.column('city_code').doUpdateSet({ name_zh: nameZh, name_en: nameEn, timezone, manifest: JSON.stringify(manifest), updated_at: new Date() }))
      .execute();
    return { cities: 1 };
  },
};

/**
 * Imports a city pack from a folder, all loaders in one transaction: either the whole pack
 * is in, or nothing of it. `onProgress` reports each loader's progress.
 */
export async function importPack(
  k: Kernel,
  ctx: RequestContext,
  dir: string,
  loaders: PackLoader[],
  { onProgress = () => {} }: { onProgress?: (loader: string, done: number, total: number) => void } = {},
): Promise<PackImportReport> {
  k.policy.check(ctx.actor, { action: 'core.pack.import' });
  const manifest = await readManifest(dir);
  const digest = createHash('sha256');
  const files = new Map<string, Buffer>();
  async function read(file: string): Promise<Buffer> {
    const full = path.resolve(dir, file);
    if (!full.startsWith(path.resolve(dir) + path.sep)) throw new AppError('invalid', `pack file ${file} lies outside the pack`, { field: file });
    if (!files.has(file)) {
      try {
        files.set(file, await fs.readFile(full));
      } catch {
        throw new AppError('invalid', `the pack has no file ${file}`, { field: file });
      }
      digest.update(file).update(files.get(file)!);
    }
    return files.get(file)!;
  }
  const present = new Set(await listFiles(dir));
  const ordered = orderLoaders(loaders);
  const id = newId('pkg', k.clock.now());
  const cityCtx = { ...ctx, cityCode: manifest.city.code };
  const report = await k.transaction(async (trx) => {
    const report: PackImportReport = { id, pack: manifest.name, version: manifest.version, cityCode: manifest.city.code, digest: '', loaders: [] };
    for (const loader of ordered) {
      const started = performance.now();
      const counts = await loader.load({
        manifest,
        has: (f) => present.has(f),
        readText: async (f) => (await read(f)).toString('utf8'),
        readJson: async <T>(f: string) => {
          try {
            return JSON.parse((await read(f)).toString('utf8')) as T;
          } catch (err) {
            if (err instanceof AppError) throw err;
            throw new AppError('invalid', `${f} is not valid JSON: ${(err as Error).message}`, { field: f });
          }
        },
        trx,
        ctx: cityCtx,
        progress: (done, total) => onProgress(loader.name, done, total),
      });
      report.loaders.push({ name: loader.name, counts, ms: Math.round(performance.now() - started) });
    }
    report.digest = digest.digest('hex');
    await trx
      .insertInto('core_pack_imports')
      .values({ id, city_code: manifest.city.code, pack_name: manifest.name, version: manifest.version, digest: report.digest, summary: JSON.stringify(report.loaders), actor_label: ctx.actor?.label ?? 'anonymous' })
      .execute();
    await writeAudit(trx, cityCtx, { action: 'core.pack.imported', resourceType: 'pack', resourceId: id, after: { pack: manifest.name, version: manifest.version, digest: report.digest } });
    return report;
  });
  for (const loader of ordered) await loader.committed?.(k, manifest.city.code);
  return report;
}

/** Reads and checks `pack.json`, naming the field at fault. */
export async function readManifest(dir: string): Promise<PackManifest> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, 'pack.json'), 'utf8');
  } catch {
    throw new AppError('invalid', `${dir} is not a city pack: it has no pack.json`, { field: 'dir' });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AppError('invalid', `pack.json is not valid JSON: ${(err as Error).message}`, { field: 'pack.json' });
  }
  const parsed = packManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw new AppError('invalid', `pack.json: ${field || '(root)'}: ${issue.message}`, { field: `pack.json:${field}` });
  }
  return parsed.data;
}

/** Loaders in an order that respects `after`; a cycle or unknown name is an error. */
export function orderLoaders(loaders: PackLoader[]): PackLoader[] {
  const byName = new Map(loaders.map((l) => [l.name, l]));
  const out: PackLoader[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (l: PackLoader) => {
    if (state.get(l.name) === 'done') return;
    if (state.get(l.name) === 'visiting') throw new Error(`pack loaders depend on each other in a cycle at ${l.name}`);
    state.set(l.name, 'visiting');
    for (const dep of l.after ?? []) {
      const d = byName.get(dep);
      if (!d) throw new Error(`pack loader ${l.name} runs after ${dep}, which no module provides`);
      visit(d);
    }
    state.set(l.name, 'done');
    out.push(l);
  };
  loaders.forEach(visit);
  return out;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}
