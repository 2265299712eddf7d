import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import { writeAudit } from '../../core/audit.js';
import { emitEvent } from '../../core/events.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { PackLoader } from '../../core/pack.js';
import { validateRegions, type RegionsInput } from './validate.js';
import { existingLevels, writeRegions } from './store.js';
import { invalidateRegions } from './locator.js';

export const regionsEvents = { imported: 'regions.regions.imported' } as const;

/** The files of a regions import, as the Beijing pack lays them out under `regions/`. */
export const regionsFiles = {
  divisions: 'regions/divisions.json',
  boundaries: 'regions/boundaries.geojson',
  attributes: 'regions/attributes.json',
  groups: 'regions/groups.json',
  gazetteer: 'regions/gazetteer.json',
} as const;

/** Checks and writes an import in the caller's transaction; the audit record and event go with it. */
export async function importRegionsIn(trx: Transaction<CoreTables>, ctx: RequestContext, input: RegionsInput, onProgress?: (done: number, total: number) => void): Promise<Record<string, number>> {
  const clean = validateRegions(input, await existingLevels(trx, ctx.cityCode));
  const counts = await writeRegions(trx, ctx.cityCode, clean, onProgress);
  await writeAudit(trx, ctx, { action: regionsEvents.imported, resourceType: 'regions', resourceId: ctx.cityCode, after: counts });
  await emitEvent(trx, ctx.cityCode, regionsEvents.imported, counts);
  return counts;
}

/** Imports regions (admin only), all or nothing: a failed import leaves the stored regions as they were. */
export async function importRegions(k: Kernel, ctx: RequestContext, input: RegionsInput, { onProgress }: { onProgress?: (done: number, total: number) => void } = {}): Promise<Record<string, number>> {
  k.policy.check(ctx.actor, { action: 'regions.region.import' });
  const counts = await k.transaction((trx) => importRegionsIn(trx, ctx, input, onProgress));
  invalidateRegions(k, ctx.cityCode);
  return counts;
}

/** Reads a regions import from a folder laid out like a pack (`regions/divisions.json` …) or from the `regions/` folder itself. */
export async function readRegionsDir(dir: string): Promise<RegionsInput> {
  const base = (await exists(path.join(dir, regionsFiles.divisions))) ? dir : path.dirname(dir);
  if (!(await exists(path.join(base, regionsFiles.divisions)))) throw new AppError('invalid', `${dir} has no ${regionsFiles.divisions}`, { field: 'dir' });
  const read = async <T>(file: string): Promise<T | undefined> => {
    const full = path.join(base, file);
    if (!(await exists(full))) return undefined;
    try {
      return JSON.parse(await fs.readFile(full, 'utf8')) as T;
    } catch (err) {
      throw new AppError('invalid', `${file} is not valid JSON: ${(err as Error).message}`, { field: file });
    }
  };
  return fromFiles(read);
}

/** The pack loader: the regions files of a city pack, after the city itself. */
export const regionsPackLoader: PackLoader = {
  name: 'regions.divisions',
  after: ['core.city'],
  async load({ has, readJson, trx, ctx, progress }) {
    if (!has(regionsFiles.divisions)) return { regions: 0 };
    const input = await fromFiles(async <T>(file: string) => (has(file) ? await readJson<T>(file) : undefined));
    return importRegionsIn(trx, ctx, input, progress);
  },
  committed: (k, cityCode) => invalidateRegions(k, cityCode),
};

async function fromFiles(read: <T>(file: string) => Promise<T | undefined>): Promise<RegionsInput> {
  const divisions = await read<{ regions: RegionsInput['regions'] }>(regionsFiles.divisions);
  return {
    regions: divisions?.regions ?? [],
    boundaries: await read<GeoJSON.FeatureCollection>(regionsFiles.boundaries),
    attributes: (await read<{ attributes: NonNullable<RegionsInput['attributes']> }>(regionsFiles.attributes))?.attributes,
    groups: (await read<{ groups: NonNullable<RegionsInput['groups']> }>(regionsFiles.groups))?.groups,
    gazetteer: (await read<{ entries: NonNullable<RegionsInput['gazetteer']> }>(regionsFiles.gazetteer))?.entries,
  };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
