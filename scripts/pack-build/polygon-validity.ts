import { pointInRing, ringBbox, ringSignedArea2, type MultiPolygon, type Position } from './geometry.js';

interface Segment {
  poly: number;
  ring: number;
  index: number;
  a: Position;
  b: Position;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

type Contact = { kind: 'none' } | { kind: 'cross' } | { kind: 'overlap' } | { kind: 'touch'; at: Position };

/**
 * What is wrong with a (multi)polygon in the OGC simple-features sense, checked exactly on the
 * grid of `decimals` decimal places (or of 1/`scale`): rings closed with ≥ 4 positions and no repeated positions,
 * RFC 7946 winding (outer counter-clockwise, holes clockwise), no ring crossing or touching
 * itself, rings of one polygon meeting at most at one point, holes inside their shell and not in
 * each other, and parts whose interiors do not overlap. An empty list means valid.
 */
export function polygonProblems(
  polygons: MultiPolygon,
  { decimals = 6, scale = 10 ** decimals, winding: checkWinding = true, limit = 20 }: { decimals?: number; scale?: number; winding?: boolean; limit?: number } = {},
): string[] {
  const problems: string[] = [];
  const report = (msg: string) => {
    if (problems.length < limit) problems.push(msg);
  };
  if (!polygons.length) return ['no polygons'];
  const grid: Position[][][] = polygons.map((polygon, p) =>
    polygon.map((ring, r) =>
      ring.map(([x, y]) => {
        const gx = Math.round(x * scale);
        const gy = Math.round(y * scale);
        if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) report(`polygon ${p} ring ${r}: position [${x}, ${y}] is not a longitude/latitude`);
        else if (Math.abs(x * scale - gx) > 1e-3 || Math.abs(y * scale - gy) > 1e-3) report(`polygon ${p} ring ${r}: position [${x}, ${y}] is off the grid of 1/${scale}`);
        return [gx, gy] as Position;
      }),
    ),
  );

  const segments: Segment[] = [];
  // Area and winding are reported after crossings: a crossing ring has neither in a useful sense.
  const noArea: string[] = [];
  const winding: string[] = [];
  grid.forEach((polygon, p) => {
    if (!polygon.length) report(`polygon ${p}: has no rings`);
    polygon.forEach((ring, r) => {
      const at = `polygon ${p} ring ${r}`;
      if (ring.length < 4) return report(`${at}: has ${ring.length} positions, needs at least 4`);
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) return report(`${at}: is not closed`);
      for (let i = 1; i < ring.length; i++) {
        if (ring[i]![0] === ring[i - 1]![0] && ring[i]![1] === ring[i - 1]![1]) return report(`${at}: repeats position ${i}`);
      }
      const area2 = ringSignedArea2(ring);
      if (area2 === 0) noArea.push(`${at}: has no area`);
      else if (r === 0 && area2 < 0) winding.push(`${at}: outer ring is clockwise (RFC 7946 wants counter-clockwise)`);
      else if (r > 0 && area2 > 0) winding.push(`${at}: hole is counter-clockwise (RFC 7946 wants clockwise)`);
      for (let i = 0; i < ring.length - 1; i++) segments.push(segment(p, r, i, ring[i]!, ring[i + 1]!));
    });
  });
  if (problems.length) return problems;

  findContacts(segments, grid, scale, report);
  noArea.forEach(report);
  if (checkWinding) winding.forEach(report);
  if (problems.length) return problems;
  checkNesting(grid, report);
  return problems;
}

function segment(poly: number, ring: number, index: number, a: Position, b: Position): Segment {
  return { poly, ring, index, a, b, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]), minY: Math.min(a[1], b[1]), maxY: Math.max(a[1], b[1]) };
}

// A sweep along x: each segment is compared with those whose x-range overlaps its own.
function findContacts(segments: Segment[], grid: Position[][][], scale: number, report: (msg: string) => void): void {
  const touches = new Map<string, Set<string>>();
  const sorted = [...segments].sort((s, t) => s.minX - t.minX);
  let active: Segment[] = [];
  for (const s of sorted) {
    active = active.filter((t) => t.maxX >= s.minX);
    for (const t of active) {
      if (t.maxY < s.minY || t.minY > s.maxY) continue;
      const c = contact(s, t);
      if (c.kind === 'none') continue;
      const where = `polygon ${s.poly} ring ${s.ring} segment ${s.index} and polygon ${t.poly} ring ${t.ring} segment ${t.index}`;
      if (s.poly === t.poly && s.ring === t.ring) {
        const n = grid[s.poly]![s.ring]!.length - 1;
        const adjacent = Math.abs(s.index - t.index) === 1 || Math.abs(s.index - t.index) === n - 1;
        if (adjacent && c.kind === 'touch') continue;
        report(adjacent ? `${where}: ring doubles back on itself` : `${where}: ring ${c.kind === 'cross' ? 'crosses' : 'touches'} itself${c.kind === 'touch' ? ` at ${fmt(c.at, scale)}` : ''}`);
      } else if (c.kind !== 'touch') {
        report(`${where}: rings ${c.kind === 'cross' ? 'cross' : 'overlap along a segment'}`);
      } else if (s.poly === t.poly) {
        const key = s.ring < t.ring ? `${s.poly}:${s.ring}:${t.ring}` : `${s.poly}:${t.ring}:${s.ring}`;
        const points = touches.get(key) ?? new Set<string>();
        points.add(fmt(c.at, scale));
        touches.set(key, points);
      }
    }
    active.push(s);
  }
  for (const [key, points] of touches) {
    const [p, r1, r2] = key.split(':');
    if (points.size > 1) report(`polygon ${p}: rings ${r1} and ${r2} touch at ${points.size} points, which cuts the interior apart`);
  }
}

function contact(s: Segment, t: Segment): Contact {
  const o1 = orient(s.a, s.b, t.a);
  const o2 = orient(s.a, s.b, t.b);
  const o3 = orient(t.a, t.b, s.a);
  const o4 = orient(t.a, t.b, s.b);
  if (o1 * o2 < 0 && o3 * o4 < 0) return { kind: 'cross' };
  if (o1 === 0 && o2 === 0) {
    const axis = s.a[0] !== s.b[0] ? 0 : 1;
    const lo = Math.max(Math.min(s.a[axis], s.b[axis]), Math.min(t.a[axis], t.b[axis]));
    const hi = Math.min(Math.max(s.a[axis], s.b[axis]), Math.max(t.a[axis], t.b[axis]));
    if (lo > hi) return { kind: 'none' };
    if (lo < hi) return { kind: 'overlap' };
    return { kind: 'touch', at: [s.a, s.b, t.a, t.b].find((q) => q[axis] === lo)! };
  }
  if (o1 === 0 && onSegment(s, t.a)) return { kind: 'touch', at: t.a };
  if (o2 === 0 && onSegment(s, t.b)) return { kind: 'touch', at: t.b };
  if (o3 === 0 && onSegment(t, s.a)) return { kind: 'touch', at: s.a };
  if (o4 === 0 && onSegment(t, s.b)) return { kind: 'touch', at: s.b };
  return { kind: 'none' };
}

// Exact on integer coordinates while the products stay below 2^53; BigInt beyond.
function orient(a: Position, b: Position, c: Position): number {
  const l = (b[0] - a[0]) * (c[1] - a[1]);
  const r = (b[1] - a[1]) * (c[0] - a[0]);
  if (Math.abs(l) < 2 ** 52 && Math.abs(r) < 2 ** 52) return Math.sign(l - r);
  const d = BigInt(b[0] - a[0]) * BigInt(c[1] - a[1]) - BigInt(b[1] - a[1]) * BigInt(c[0] - a[0]);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

function onSegment(s: Segment, q: Position): boolean {
  return q[0] >= s.minX && q[0] <= s.maxX && q[1] >= s.minY && q[1] <= s.maxY;
}

function checkNesting(grid: Position[][][], report: (msg: string) => void): void {
  grid.forEach((polygon, p) => {
    const shell = polygon[0]!;
    polygon.slice(1).forEach((hole, h) => {
      const where = sideOf(hole, shell);
      if (where === 0) report(`polygon ${p} ring ${h + 1}: hole lies on its shell`);
      else if (where < 0) report(`polygon ${p} ring ${h + 1}: hole lies outside its shell`);
      polygon.slice(1).forEach((other, o) => {
        if (o !== h && sideOf(hole, other) > 0) report(`polygon ${p} ring ${h + 1}: hole lies inside hole ${o + 1}`);
      });
    });
  });
  const boxes = grid.map((polygon) => ringBbox(polygon[0]!));
  grid.forEach((inner, i) => {
    grid.forEach((outer, j) => {
      if (i === j) return;
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a[0] < b[0] || a[1] < b[1] || a[2] > b[2] || a[3] > b[3]) return;
      const probe = probesOf(inner[0]!).find((q) => outer.every((ring) => pointInRing(q, ring) !== 0));
      if (!probe) return report(`polygon ${i} lies on the boundary of polygon ${j}`);
      if (pointInRing(probe, outer[0]!) > 0 && outer.slice(1).every((hole) => pointInRing(probe, hole) < 0)) report(`polygon ${i} overlaps polygon ${j}`);
    });
  });
}

// A ring's vertices, then its edges' midpoints: with no crossings, any of them off the other
// polygon's boundary tells on which side the whole ring lies.
function probesOf(ring: readonly Position[]): Position[] {
  const mids = ring.slice(1).map((q, i) => [(q[0] + ring[i]![0]) / 2, (q[1] + ring[i]![1]) / 2] as Position);
  return [...ring, ...mids];
}

// 1 inside, -1 outside, 0 when every probe lies on the other ring; no crossings are assumed.
function sideOf(ring: readonly Position[], other: readonly Position[]): number {
  for (const q of probesOf(ring)) {
    const where = pointInRing(q, other);
    if (where !== 0) return where;
  }
  return 0;
}

function fmt([x, y]: Position, scale: number): string {
  return `[${x / scale}, ${y / scale}]`;
}
