import type { SparseVector } from './vectors.js';

/** A training example: a vector, a distribution over the labels (one-hot when known), and how much it counts. */
export interface Example {
  x: SparseVector;
  target: Float64Array;
  weight: number;
}

/** The one-hot distribution of label index `i` among `n` labels. */
export function oneHot(i: number, n: number): Float64Array {
  const t = new Float64Array(n);
  t[i] = 1;
  return t;
}
