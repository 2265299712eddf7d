import { closeRing, pointInRing, ringBbox, ringSignedArea2, type Polygon, type Position } from './geometry.js';

/**
 * Groups a feature's rings into polygons by what actually lies inside what: a ring is a hole
 * only when it lies inside another ring (an odd number of rings around it), otherwise it is a
 * part of its own. echarts stores many multi-part cities as one polygon whose extra rings are
 * further parts, which GeoJSON would read as holes.
 */
export function splitRingsIntoParts(rings: readonly (readonly Position[])[]): Polygon[] {
  const items = rings
    .map((ring) => closeRing(ring))
    .filter((ring) => ring.length >= 4)
    .map((ring) => ({ ring, bbox: ringBbox(ring), area: Math.abs(ringSignedArea2(ring)) }))
    .filter((r) => r.area > 0)
    // Largest first, so every ring's containers come before it.
    .sort((a, b) => b.area - a.area);

  const containerOf: (number | null)[] = [];
  const depth: number[] = [];
  items.forEach((inner, i) => {
    let best: number | null = null;
    let count = 0;
    for (let j = 0; j < i; j++) {
      const outer = items[j]!;
      if (outer.area <= inner.area || !bboxWithin(inner.bbox, outer.bbox)) continue;
      if (!liesInside(inner.ring, outer.ring)) continue;
      count++;
      // The smallest container is the nearest one; items are sorted, so that is the last found.
      best = j;
    }
    containerOf.push(best);
    depth.push(count);
  });

  const polygons = new Map<number, Polygon>();
  items.forEach((item, i) => {
    if (depth[i]! % 2 === 0) polygons.set(i, [item.ring]);
  });
  items.forEach((item, i) => {
    const shell = containerOf[i];
    if (depth[i]! % 2 === 1 && shell != null) polygons.get(shell)?.push(item.ring);
  });
  return [...polygons.values()];
}

function bboxWithin(inner: readonly number[], outer: readonly number[]): boolean {
  return inner[0]! >= outer[0]! && inner[1]! >= outer[1]! && inner[2]! <= outer[2]! && inner[3]! <= outer[3]!;
}

// By a vote of the inner ring's vertices that are not on the outer ring: rings as shipped may
// share vertices or even cross slightly, so one vertex alone is not proof.
function liesInside(inner: readonly Position[], outer: readonly Position[]): boolean {
  let inside = 0;
  let outside = 0;
  for (let k = 0; k < inner.length - 1; k++) {
    const where = pointInRing(inner[k]!, outer);
    if (where === 1) inside++;
    else if (where === -1) outside++;
  }
  return inside > outside;
}
