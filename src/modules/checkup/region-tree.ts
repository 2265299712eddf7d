import { AppError } from '../../core/errors.js';
import type { Kernel } from '../../core/kernel.js';
import { findRegion, lineage, listChildren, normaliseCode } from '../regions/index.js';

/** A region as the checkup names it. */
export interface RegionRef {
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
  parent: string | null;
}

/** A region by any NBS form of its code, or not_found naming the field. */
export async function requireRegion(k: Kernel, cityCode: string, code: string, field = 'region'): Promise<RegionRef> {
  const canonical = normaliseCode(code, field);
  const found = await findRegion(k.db, cityCode, canonical);
  if (!found) throw new AppError('not_found', `no region ${code}`, { field });
  return { code: found.code, name: found.name, nameEn: found.nameEn, level: found.level, parent: found.parent };
}

/** The region and its siblings (the children of its parent), the region first if it has no parent. */
export async function siblingsOf(k: Kernel, cityCode: string, region: RegionRef): Promise<RegionRef[]> {
  if (!region.parent) return [region];
  const children = await listChildren(k.db, cityCode, region.parent);
  return children.map((r) => ({ code: r.code, name: r.name, nameEn: r.nameEn, level: r.level, parent: r.parent }));
}

const depthOf: Record<string, number> = { province: 0, city: 1, district: 2, township: 3, community: 4 };

/**
 * The regions a computation run covers: the city itself and every region below it down to
 * `deepest` (district by default; township adds the streets). A municipality's 市辖区 level is
 * walked through, and kept.
 */
export async function cityRegions(k: Kernel, cityCode: string, { deepest = 'district' }: { deepest?: 'district' | 'township' } = {}): Promise<RegionRef[]> {
  const root = await requireRegion(k, cityCode, cityCode, 'cityCode');
  const out: RegionRef[] = [root];
  let frontier = [root];
  while (frontier.length) {
    const next: RegionRef[] = [];
    for (const r of frontier) {
      for (const child of await listChildren(k.db, cityCode, r.code)) {
        if ((depthOf[child.level] ?? 9) > depthOf[deepest]!) continue;
        const ref = { code: child.code, name: child.name, nameEn: child.nameEn, level: child.level, parent: child.parent };
        out.push(ref);
        next.push(ref);
      }
    }
    frontier = next;
  }
  return out;
}

/** Which of the given canonical codes are regions of the city (from the regions module's in-memory index). */
export async function existingRegions(k: Kernel, cityCode: string, codes: Iterable<string>): Promise<Set<string>> {
  const out = new Set<string>();
  for (const code of new Set(codes)) if (await lineage(k, cityCode, code)) out.add(code);
  return out;
}
