import { mulberry32 } from '../../../core/geo/seeded-random.js';
import type { Example } from './examples.js';
import { emptyModel, type LinearModel, softmax } from './linear.js';

/** Multinomial logistic regression settings. */
export interface LogisticOptions {
  /** L2 regularisation strength λ. */
  l2?: number;
  epochs?: number;
  seed?: number;
  /** Start from these weights (e.g. naive Bayes), regularised towards zero all the same. */
  init?: LinearModel;
}

/**
 * Multinomial logistic regression with soft targets and example weights — minimising
 * λ/2·‖w‖² + Σᵢ wᵢ·lossᵢ / Σᵢ wᵢ, so that many lightly weighted examples do not dilute the
 * others against the regulariser — fitted by SGD with
 * the step size 1/(λ(t₀+t)) and the L2 decay kept as one scale factor
 * (Bottou 2012, "Stochastic gradient descent tricks", §5.1 and §5.3). Seeded: the same every run.
 */
export function trainLogistic(labels: string[], size: number, examples: Example[], { l2 = 1e-4, epochs = 15, seed = 1, init }: LogisticOptions = {}): LinearModel {
  const L = labels.length;
  const model = emptyModel(labels, size);
  if (init) {
    model.weights.set(init.weights);
    model.bias.set(init.bias);
  }
  const W = model.weights;
  const b = model.bias;
  const random = mulberry32(seed);
  const order = examples.map((_, i) => i);
  // t₀ makes the first step about 1 (Bottou's heuristic, with η₀ = 1).
  const t0 = 1 / l2;
  let t = 0;
  let scale = 1;
  const z = new Float64Array(L);
  // Weights scaled to a mean of 1: one SGD step per example then follows the objective above.
  const totalWeight = examples.reduce((a, e) => a + Math.max(0, e.weight), 0);
  const unit = totalWeight > 0 ? examples.length / totalWeight : 1;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { x, target, weight } = examples[i]!;
      if (weight <= 0) continue;
      const eta = 1 / (l2 * (t0 + t++));
      for (let l = 0; l < L; l++) {
        let s = 0;
        const row = l * size;
        for (let k = 0; k < x.ids.length; k++) s += W[row + x.ids[k]!]! * x.values[k]!;
        z[l] = b[l]! + scale * s;
      }
      softmax(z);
      scale *= 1 - eta * l2;
      for (let l = 0; l < L; l++) {
        const g = unit * weight * (z[l]! - target[l]!);
        if (g === 0) continue;
        b[l]! -= eta * g * 0.1;
        const step = (eta * g) / scale;
        const row = l * size;
        for (let k = 0; k < x.ids.length; k++) W[row + x.ids[k]!]! -= step * x.values[k]!;
      }
      if (scale < 1e-6) {
        for (let j = 0; j < W.length; j++) W[j]! *= scale;
        scale = 1;
      }
    }
  }
  for (let j = 0; j < W.length; j++) W[j]! *= scale;
  return model;
}

// Fisher–Yates with the seeded generator.
function shuffle(a: number[], random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}
