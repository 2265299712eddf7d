// An R-tree over the bbox of every polygon part (flatbush, Agafonkin's packed Hilbert R-tree), then the exact test on edge bands.
import Flatbush from 'flatbush';
import { AppError } from '../errors.js';
import { geometryBbox } from './bbox.js';
import { packEdgeBands } from './edge-bands.js';
import { polygonalParts, type PolygonRings } from './polygonal.js';
import type { Bbox, Polygonal } from './types.js';

/** One polygonal thing to index: a region, a zone, a jurisdiction. */
export interface SpatialIndexItem {
  id: string;
  geometry: Polygonal;
}

/** A point's place in one indexed polygon. */
export interface SpatialHit {
  id: string;
  /** True if the point is on the polygon's boundary (an edge or vertex) rather than strictly inside. */
  onBoundary: boolean;
}

/** An in-memory index answering which polygons contain a point, boundaries included. */
export interface SpatialIndex {
  /** How many items are indexed. */
  readonly size: number;
  /** The ids of the items, in the order given. */
  readonly ids: readonly string[];
  /** The bbox of all items, or undefined if there are none. */
  readonly bbox: Bbox | undefined;
  /** The ids of every item whose polygon contains (lon, lat) or has it on its boundary, in the order the items were given; [] for a non-finite point. */
  containing(lon: number, lat: number): string[];
  /** Like containing, also saying for each item whether the point is on its boundary. */
  locate(lon: number, lat: number): SpatialHit[];
  /** Whether the item `id` contains (lon, lat), its boundary included; false for an unknown id. */
  contains(id: string, lon: number, lat: number): boolean;
}

/** How the index trades memory for speed; the defaults suit prefecture-city boundaries. */
export interface SpatialIndexOptions {
  /** Average number of edges per band of the exact test; fewer is faster and takes more memory. */
  edgesPerBand?: number;
  /** Node size of the R-tree. */
  nodeSize?: number;
}

/**
 * Builds the index from polygons, checking each (AppError('invalid') naming the item's field);
 * pure, so a module can rebuild it from the database whenever its regions change.
 */
export function createSpatialIndex(items: readonly SpatialIndexItem[], { edgesPerBand = 8, nodeSize = 16 }: SpatialIndexOptions = {}): SpatialIndex {
  const ids = items.map((item, i) => {
    if (typeof item?.id !== 'string' || item.id === '') throw new AppError('invalid', `items[${i}].id must be a non-empty string`, { field: `items[${i}].id` });
    return item.id;
  });
  const itemOf = new Map<string, number>();
  ids.forEach((id, i) => {
    if (itemOf.has(id)) throw new AppError('invalid', `items[${i}].id ${id} is given twice`, { field: `items[${i}].id` });
    itemOf.set(id, i);
  });

  const parts: PolygonRings[] = [];
  const partItem: number[] = [];
  const partsOfItem: number[][] = items.map((item, i) =>
    polygonalParts(item.geometry, { field: `items[${i}].geometry` }).map((rings) => {
      partItem.push(i);
      return parts.push(rings) - 1;
    }),
  );
  const bands = packEdgeBands(parts, { edgesPerBand });
  const tree = parts.length > 0 ? new Flatbush(parts.length, nodeSize) : undefined;
  for (const rings of parts) tree!.add(...geometryBbox({ type: 'Polygon', coordinates: rings }));
  tree?.finish();

  // Per-item marks of the current query, so a point in two parts of one item is counted once.
  const seen = new Uint32Array(items.length);
  const where = new Uint8Array(items.length);
  let query = 0;
  const found: number[] = [];

  // Fills `found` with the items containing the point, ascending; `where` holds 1 inside, 2 boundary.
  const search = (lon: number, lat: number): void => {
    found.length = 0;
    if (!tree || !Number.isFinite(lon) || !Number.isFinite(lat)) return;
    if (++query === 0xffffffff) {
      seen.fill(0);
      query = 1;
    }
    const candidates = tree.search(lon, lat, lon, lat);
    for (const part of candidates) {
      const item = partItem[part]!;
      if (seen[item] === query && where[item] === 1) continue;
      const at = bands.locate(part, lon, lat);
      if (at === 0) continue;
      if (seen[item] !== query) {
        seen[item] = query;
        found.push(item);
        where[item] = at;
      } else if (at === 1) where[item] = 1;
    }
    if (found.length > 1) found.sort((a, b) => a - b);
  };

  return {
    size: items.length,
    ids,
    bbox: tree ? [tree.minX, tree.minY, tree.maxX, tree.maxY] : undefined,
    containing(lon, lat) {
      search(lon, lat);
      return found.map((i) => ids[i]!);
    },
    locate(lon, lat) {
      search(lon, lat);
      return found.map((i) => ({ id: ids[i]!, onBoundary: where[i] === 2 }));
    },
    contains(id, lon, lat) {
      const item = itemOf.get(id);
      if (item === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) return false;
      return partsOfItem[item]!.some((part) => bands.locate(part, lon, lat) !== 0);
    },
  };
}
