import polygonClipping from 'polygon-clipping';
import { pinyin } from 'pinyin-pro';
import { AppError } from '../../core/errors.js';
import { geometryBbox, lonLatProblem } from '../../core/geo/index.js';
import { divisionLevels, levelOfCode, levelRank, normaliseCode, codePrefix, type DivisionLevel } from './codes.js';

/** A region as a pack or an import gives it. */
export interface RegionRecord {
  code: string;
  name: string;
  nameEn?: string | null;
  pinyin?: string | null;
  level: string;
  parent?: string | null;
}

/** What an import brings: regions, and optionally their boundaries, figures, groupings and address names. */
export interface RegionsInput {
  regions: RegionRecord[];
  boundaries?: GeoJSON.FeatureCollection;
  attributes?: { code: string; year: number; key: string; value: number; unit?: string | null; source: string }[];
  groups?: { code: string; kind: string; name: string; nameEn?: string | null; members: string[]; source: string }[];
  gazetteer?: { code: string; names: string[] }[];
}

/** A region checked and in canonical form, ready to store. */
export interface CleanRegion {
  code: string;
  name: string;
  nameEn: string | null;
  pinyin: string;
  initials: string;
  level: DivisionLevel;
  parent: string | null;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | null;
  bbox: [number, number, number, number] | null;
}

export interface CleanInput {
  regions: CleanRegion[];
  attributes: { code: string; year: number; key: string; value: number; unit: string | null; source: string }[];
  groups: { code: string; kind: 'cluster' | 'metro'; name: string; nameEn: string | null; members: string[]; source: string }[];
  gazetteer: { code: string; name: string }[];
}

/**
 * Checks an import against itself and the regions already stored: canonical codes, known
 * parents one level up or more whose code prefixes the child's, no cycles, coordinates in
 * range, polygons repaired (polygon-clipping) or refused. Every error names the record.
 */
export function validateRegions(input: RegionsInput, existing: ReadonlyMap<string, { level: string }>, { repair = true }: { repair?: boolean } = {}): CleanInput {
  if (!Array.isArray(input.regions)) throw new AppError('invalid', 'regions must be an array', { field: 'regions' });
  const byCode = new Map<string, CleanRegion>();
  input.regions.forEach((r, i) => {
    const at = `regions[${i}]`;
    const code = normaliseCode(r.code, `${at}.code`);
    if (byCode.has(code)) throw new AppError('invalid', `${at}: region ${code} is given twice`, { field: `${at}.code` });
    if (!r.name?.trim()) throw new AppError('invalid', `${at} (${code}): name must not be empty`, { field: `${at}.name` });
    if (!(divisionLevels as readonly string[]).includes(r.level)) {
      throw new AppError('invalid', `${at} (${code}): level must be one of ${divisionLevels.join(', ')}`, { field: `${at}.level` });
    }
    if (levelOfCode(code) !== r.level) throw new AppError('invalid', `${at} (${code}): code is a ${levelOfCode(code)} code but level says ${r.level}`, { field: `${at}.level` });
    const name = r.name.trim();
    const py = r.pinyin?.trim() || pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');
    const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');
    byCode.set(code, {
      code,
      name,
      nameEn: r.nameEn?.trim() || null,
      pinyin: py.toLowerCase().replace(/\s+/g, ''),
      initials: initials.toLowerCase(),
      level: r.level as DivisionLevel,
      parent: r.parent ? normaliseCode(r.parent, `${at}.parent`) : null,
      geometry: null,
      bbox: null,
    });
  });

  const list = [...byCode.values()];
  const levelOf = (code: string) => byCode.get(code)?.level ?? (existing.get(code)?.level as DivisionLevel | undefined);
  list.forEach((r, i) => {
    const at = `regions[${i}] (${r.code})`;
    if (!r.parent) {
      if (r.level !== 'province') throw new AppError('invalid', `${at}: a ${r.level} needs a parent`, { field: `regions[${i}].parent` });
      return;
    }
    if (r.parent === r.code) throw new AppError('invalid', `${at}: a region cannot be its own parent`, { field: `regions[${i}].parent` });
    const parentLevel = levelOf(r.parent);
    if (!parentLevel) throw new AppError('invalid', `${at}: unknown parent ${r.parent}`, { field: `regions[${i}].parent` });
    if (levelRank(parentLevel) >= levelRank(r.level)) throw new AppError('invalid', `${at}: parent ${r.parent} is a ${parentLevel}, not above a ${r.level}`, { field: `regions[${i}].parent` });
    if (!r.code.startsWith(codePrefix(r.parent))) {
      throw new AppError('invalid', `${at}: code does not start with its parent's prefix ${codePrefix(r.parent)}`, { field: `regions[${i}].parent` });
    }
  });
  // With strict levels a cycle cannot pass the checks above; walk anyway, so the rule is explicit.
  for (const r of byCode.values()) {
    const seen = new Set<string>();
    for (let c: string | null = r.code; c; c = byCode.get(c)?.parent ?? null) {
      if (seen.has(c)) throw new AppError('invalid', `region ${r.code}: its parents form a cycle through ${c}`, { field: 'regions' });
      seen.add(c);
    }
  }

  (input.boundaries?.features ?? []).forEach((f, i) => {
    const at = `boundaries.features[${i}]`;
    const raw = (f.properties as { code?: string } | null)?.code;
    if (!raw) throw new AppError('invalid', `${at}: properties.code is missing`, { field: `${at}.properties.code` });
    const code = normaliseCode(raw, `${at}.properties.code`);
    const region = byCode.get(code);
    if (!region) throw new AppError('invalid', `${at}: boundary for ${code}, which is not among the imported regions`, { field: `${at}.properties.code` });
    region.geometry = cleanGeometry(f.geometry, `${at} (${code})`, repair);
    region.bbox = geometryBbox(region.geometry, { field: `${at}.geometry` });
  });

  const known = (code: string) => byCode.has(code) || existing.has(code);
  const attributes = (input.attributes ?? []).map((a, i) => {
    const at = `attributes[${i}]`;
    const code = normaliseCode(a.code, `${at}.code`);
    if (!known(code)) throw new AppError('invalid', `${at}: unknown region ${code}`, { field: `${at}.code` });
    if (!Number.isInteger(a.year) || a.year < 1900 || a.year > 2200) throw new AppError('invalid', `${at} (${code}): year must be a whole year`, { field: `${at}.year` });
    if (!/^[a-z][a-z0-9_]*$/.test(a.key ?? '')) throw new AppError('invalid', `${at} (${code}): key must be snake_case`, { field: `${at}.key` });
    if (typeof a.value !== 'number' || !Number.isFinite(a.value)) throw new AppError('invalid', `${at} (${code} ${a.key}): value must be a finite number`, { field: `${at}.value` });
    if (!a.source?.trim()) throw new AppError('invalid', `${at} (${code} ${a.key}): every figure needs its source`, { field: `${at}.source` });
    return { code, year: a.year, key: a.key, value: a.value, unit: a.unit ?? null, source: a.source.trim() };
  });
  const groups = (input.groups ?? []).map((g, i) => {
    const at = `groups[${i}]`;
    if (!/^[a-z][a-z0-9-]{2,63}$/.test(g.code ?? '')) throw new AppError('invalid', `${at}: code must be lower-case letters, digits and dashes`, { field: `${at}.code` });
    if (g.kind !== 'cluster' && g.kind !== 'metro') throw new AppError('invalid', `${at} (${g.code}): kind must be cluster or metro`, { field: `${at}.kind` });
    if (!g.source?.trim()) throw new AppError('invalid', `${at} (${g.code}): a grouping needs the document that defines it`, { field: `${at}.source` });
    const members = g.members.map((m, j) => {
      const code = normaliseCode(m, `${at}.members[${j}]`);
      if (!known(code)) throw new AppError('invalid', `${at} (${g.code}): unknown member ${code}`, { field: `${at}.members[${j}]` });
      return code;
    });
    if (members.length < 2) throw new AppError('invalid', `${at} (${g.code}): a grouping needs at least two members`, { field: `${at}.members` });
    return { code: g.code, kind: g.kind as 'cluster' | 'metro', name: g.name, nameEn: g.nameEn ?? null, members, source: g.source.trim() };
  });
  const gazetteer = (input.gazetteer ?? []).flatMap((e, i) => {
    const code = normaliseCode(e.code, `gazetteer[${i}].code`);
    if (!known(code)) throw new AppError('invalid', `gazetteer[${i}]: unknown region ${code}`, { field: `gazetteer[${i}].code` });
    return [...new Set(e.names.map((n) => n.trim()).filter((n) => n.length >= 2))].map((name) => ({ code, name }));
  });
  return { regions: [...byCode.values()], attributes, groups, gazetteer };
}

function cleanGeometry(geometry: GeoJSON.Geometry | null, at: string, repair: boolean): GeoJSON.Polygon | GeoJSON.MultiPolygon {
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    throw new AppError('invalid', `${at}: geometry must be a Polygon or MultiPolygon`, { field: 'geometry' });
  }
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      if (!Array.isArray(ring) || ring.length < 4) throw new AppError('invalid', `${at}: every ring needs at least 4 positions`, { field: 'geometry' });
      for (const p of ring) {
        const problem = lonLatProblem(p[0], p[1]);
        if (problem) throw new AppError('invalid', `${at}: coordinate [${p[0]}, ${p[1]}] is outside WGS-84 longitude/latitude (${problem})`, { field: 'geometry' });
      }
    }
  }
  if (!repair) return geometry;
  let repaired: polygonClipping.MultiPolygon;
  try {
    repaired = polygonClipping.union(polygons as polygonClipping.Geom);
  } catch (err) {
    throw new AppError('invalid', `${at}: polygon cannot be repaired: ${(err as Error).message}`, { field: 'geometry' });
  }
  if (!repaired.length) throw new AppError('invalid', `${at}: polygon has no area once repaired`, { field: 'geometry' });
  return repaired.length === 1 ? { type: 'Polygon', coordinates: repaired[0]! } : { type: 'MultiPolygon', coordinates: repaired };
}
