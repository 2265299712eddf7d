import type { SparseVector } from './vectors.js';

/** A linear classifier over sparse vectors: label scores are bias + weights · x, probabilities their softmax. */
export interface LinearModel {
  labels: string[];
  /** Number of features. */
  size: number;
  bias: Float64Array;
  /** Row-major, one row of `size` weights per label. */
  weights: Float64Array;
}

/** An all-zero model for these labels and features. */
export function emptyModel(labels: string[], size: number): LinearModel {
  return { labels, size, bias: new Float64Array(labels.length), weights: new Float64Array(labels.length * size) };
}

/** The label probabilities of a vector: the softmax of its scores. */
export function probabilities(model: LinearModel, x: SparseVector): Float64Array {
  const z = Float64Array.from(model.bias);
  for (let l = 0; l < z.length; l++) {
    const row = l * model.size;
    let s = 0;
    for (let k = 0; k < x.ids.length; k++) s += model.weights[row + x.ids[k]!]! * x.values[k]!;
    z[l]! += s;
  }
  return softmax(z);
}

/** Softmax in place, numerically stable; returns its argument. */
export function softmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) if (z[i]! > max) max = z[i]!;
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += z[i] = Math.exp(z[i]! - max);
  for (let i = 0; i < z.length; i++) z[i]! /= sum;
  return z;
}
