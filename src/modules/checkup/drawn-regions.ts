import type { Kernel } from '../../core/kernel.js';
import { listChildren, regionsGeoJson } from '../regions/index.js';
import { siblingsOf, type RegionRef } from './region-tree.js';

/** The regions a map of a region's indicators draws, with their boundaries; null when fewer than two have one. */
export interface DrawnRegions {
  of: 'children' | 'siblings';
  /** The parent whose boundaries hold the regions drawn. */
  parent: string;
  regions: RegionRef[];
  /** The region the map is about, outlined among its siblings; null when its children are drawn. */
  highlight: string | null;
  geojson: GeoJSON.FeatureCollection;
}

/**
 * Which regions a map of a region's indicators draws: its children (walking through a level of
 * one region, a municipality's 市辖区) when at least two have a boundary, else its siblings with
 * the region outlined; null when neither can be drawn.
 */
export async function drawnRegions(k: Kernel, cityCode: string, region: RegionRef): Promise<DrawnRegions | null> {
  const children = await childrenOf(k, cityCode, region.code);
  const own = await withBoundaries(k, cityCode, children, 'children', null);
  if (own) return own;
  return region.parent ? withBoundaries(k, cityCode, await siblingsOf(k, cityCode, region), 'siblings', region.code) : null;
}

/** A region's children, walking through a level with one region only (a municipality's 市辖区). */
export async function childrenOf(k: Kernel, cityCode: string, code: string): Promise<RegionRef[]> {
  let parent = code;
  for (let depth = 0; depth < 4; depth++) {
    const found = await listChildren(k.db, cityCode, parent);
    if (found.length !== 1) return found.map((r) => ({ code: r.code, name: r.name, nameEn: r.nameEn, level: r.level, parent: r.parent }));
    parent = found[0]!.code;
  }
  return [];
}

async function withBoundaries(k: Kernel, cityCode: string, regions: RegionRef[], of: DrawnRegions['of'], highlight: string | null): Promise<DrawnRegions | null> {
  const parent = regions[0]?.parent;
  if (regions.length < 2 || !parent) return null;
  const codes = new Set(regions.map((r) => r.code));
  const all = await regionsGeoJson(k.db, cityCode, { parent });
  const features = all.features.filter((f) => codes.has(String(f.properties?.code)));
  return features.length < 2 ? null : { of, parent, regions, highlight, geojson: { type: 'FeatureCollection', features } };
}
