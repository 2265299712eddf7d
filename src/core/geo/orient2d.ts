// Shewchuk, "Adaptive Precision Floating-Point Arithmetic and Fast Robust Geometric Predicates" (1997), orient2d with its error bound A.

const epsilon = 2 ** -53;
const errorBoundA = (3 + 16 * epsilon) * epsilon;

/**
 * The exact sign of the orientation of c relative to the line a→b: 1 if a, b, c turn
 * counter-clockwise (c left of a→b), -1 if clockwise, 0 if the three points are collinear.
 */
export function orient2d(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): -1 | 0 | 1 {
  const left = (ax - cx) * (by - cy);
  const right = (ay - cy) * (bx - cx);
  const det = left - right;
  let sum: number;
  if (left > 0) {
    if (right <= 0) return sign(det);
    sum = left + right;
  } else if (left < 0) {
    if (right >= 0) return sign(det);
    sum = -left - right;
  } else {
    return sign(det);
  }
  const bound = errorBoundA * sum;
  if (det >= bound || -det >= bound) return sign(det);
  return orient2dExact(ax, ay, bx, by, cx, cy);
}

/** The same sign computed in exact integer arithmetic: slow, for when the fast bound cannot decide. */
export function orient2dExact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): -1 | 0 | 1 {
  const [Ax, Ay, Bx, By, Cx, Cy] = [ax, ay, bx, by, cx, cy].map(exactInteger) as [bigint, bigint, bigint, bigint, bigint, bigint];
  const det = (Ax - Cx) * (By - Cy) - (Ay - Cy) * (Bx - Cx);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

function sign(x: number): -1 | 0 | 1 {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

const view = new DataView(new ArrayBuffer(8));

// Every finite double is an integer multiple of 2^-1074; return that integer.
function exactInteger(x: number): bigint {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const magnitude = exponent === 0 ? fraction : (fraction | 0x10000000000000n) << BigInt(exponent - 1);
  return bits >> 63n ? -magnitude : magnitude;
}
