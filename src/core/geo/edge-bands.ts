// Polygons packed for the exact point test: the slab idea of Preparata & Shamos, "Computational Geometry" (1985) §2.2.2, on a uniform grid of horizontal bands.
import { edgeCrossing, edgeTest, edgeTouch } from './point-in-polygon.js';
import type { PolygonRings } from './polygonal.js';

/** What a packed polygon says about a point: 0 outside, 1 inside, 2 on its boundary. */
export type PartLocation = 0 | 1 | 2;

/** Polygons packed into typed arrays, each polygon's edges bucketed by the horizontal band they cross. */
export interface EdgeBands {
  /** How many polygons are packed. */
  readonly size: number;
  /** Where (x, y) lies relative to packed polygon `part`: 0 outside, 1 inside, 2 on its boundary. */
  locate(part: number, x: number, y: number): PartLocation;
}

/**
 * Packs polygons (exterior and holes each) so that a point test reads only the edges of the one
 * band its latitude falls in, about `edgesPerBand` of them on average; the answer is exact, as
 * every edge whose latitude range contains the point's lies in that band.
 */
export function packEdgeBands(parts: readonly PolygonRings[], { edgesPerBand = 8 }: { edgesPerBand?: number } = {}): EdgeBands {
  const isOpen = (ring: PolygonRings[number]) => ring.length > 0 && (ring[0]![0] !== ring[ring.length - 1]![0] || ring[0]![1] !== ring[ring.length - 1]![1]);
  let vertexCount = 0;
  for (const rings of parts) for (const ring of rings) vertexCount += ring.length + (isOpen(ring) ? 1 : 0);
  const xs = new Float64Array(vertexCount);
  const ys = new Float64Array(vertexCount);
  const minY = new Float64Array(parts.length);
  const scale = new Float64Array(parts.length);
  const bandCount = new Int32Array(parts.length);
  const firstBand = new Int32Array(parts.length);
  const partEdges: Int32Array[] = [];

  let v = 0;
  let bands = 0;
  parts.forEach((rings, p) => {
    const edges: number[] = [];
    let lo = Infinity;
    let hi = -Infinity;
    for (const ring of rings) {
      const start = v;
      // An open ring is closed here, as pointLocation reads it.
      for (const position of isOpen(ring) ? [...ring, ring[0]!] : ring) {
        xs[v] = position[0]!;
        ys[v] = position[1]!;
        if (ys[v]! < lo) lo = ys[v]!;
        if (ys[v]! > hi) hi = ys[v]!;
        v++;
      }
      // Edge e runs from vertex e to vertex e + 1 of the same ring.
      for (let e = start; e < v - 1; e++) if (xs[e] !== xs[e + 1] || ys[e] !== ys[e + 1]) edges.push(e);
    }
    const count = Math.max(1, Math.min(1 << 16, Math.ceil(edges.length / edgesPerBand)));
    minY[p] = lo;
    // A part too flat for its bands (or without height) keeps every edge in its first band.
    scale[p] = hi > lo && Number.isFinite(count / (hi - lo)) ? count / (hi - lo) : 0;
    bandCount[p] = count;
    firstBand[p] = bands;
    bands += count;
    partEdges.push(Int32Array.from(edges));
  });

  // The same monotone arithmetic places edges and queries, so an edge spanning y is always found in y's band.
  const bandOf = (p: number, y: number) => {
    const b = Math.floor((y - minY[p]!) * scale[p]!);
    return b < 0 ? 0 : b >= bandCount[p]! ? bandCount[p]! - 1 : b;
  };
  const offsets = new Int32Array(bands + 1);
  const spans = (p: number, e: number) => [bandOf(p, Math.min(ys[e]!, ys[e + 1]!)), bandOf(p, Math.max(ys[e]!, ys[e + 1]!))] as const;
  partEdges.forEach((edges, p) => {
    for (const e of edges) {
      const [b0, b1] = spans(p, e);
      for (let b = b0; b <= b1; b++) offsets[firstBand[p]! + b + 1]!++;
    }
  });
  for (let b = 0; b < bands; b++) offsets[b + 1]! += offsets[b]!;
  const bandEdges = new Int32Array(offsets[bands]!);
  const fill = offsets.slice(0, bands);
  partEdges.forEach((edges, p) => {
    for (const e of edges) {
      const [b0, b1] = spans(p, e);
      for (let b = b0; b <= b1; b++) bandEdges[fill[firstBand[p]! + b]!++] = e;
    }
  });

  return {
    size: parts.length,
    locate(part, x, y) {
      const band = firstBand[part]! + bandOf(part, y);
      const end = offsets[band + 1]!;
      let inside = false;
      for (let i = offsets[band]!; i < end; i++) {
        const e = bandEdges[i]!;
        const test = edgeTest(xs[e]!, ys[e]!, xs[e + 1]!, ys[e + 1]!, x, y);
        if (test === edgeTouch) return 2;
        if (test === edgeCrossing) inside = !inside;
      }
      return inside ? 1 : 0;
    },
  };
}
