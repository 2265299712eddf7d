import { mulberry32 } from '../../../core/geo/seeded-random.js';
import type { Example } from './examples.js';
import { softmax } from './linear.js';

/** A softmax model with its weights feature-major: feature j's weights of the L labels are `weights[j·L … j·L + L − 1]`. */
export interface FeatureMajorModel {
  bias: Float64Array;
  weights: Float64Array;
}

/**
 * Multinomial logistic regression with soft targets and example weights — minimising
 * λ/2·‖w‖² + Σᵢ wᵢ·lossᵢ / Σᵢ wᵢ, so that many lightly weighted examples do not dilute the
 * others against the regulariser — fitted by SGD with the step size 1/(λ(t₀+t)) and the L2
 * decay kept as one scale factor (Bottou 2012, "Stochastic gradient descent tricks", §5.1 and
 * §5.3). Seeded: the same every run. The weights are stored feature-major: with hundreds of
 * labels, one step reads and writes a few contiguous rows instead of hundreds of scattered cells.
 */
export function trainSoftmaxSgd(
  labelCount: number,
  size: number,
  examples: Example[],
  { l2 = 1e-4, epochs = 10, seed = 1, init }: { l2?: number; epochs?: number; seed?: number; init?: FeatureMajorModel } = {},
): FeatureMajorModel {
  const L = labelCount;
  // Started from `init` (e.g. naive Bayes) when given, and regularised towards zero all the same.
  const W = init ? Float64Array.from(init.weights) : new Float64Array(L * size);
  const b = init ? Float64Array.from(init.bias) : new Float64Array(L);
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
      z.fill(0);
      for (let k = 0; k < x.ids.length; k++) {
        const row = x.ids[k]! * L;
        const v = x.values[k]!;
        for (let l = 0; l < L; l++) z[l]! += W[row + l]! * v;
      }
      for (let l = 0; l < L; l++) z[l] = b[l]! + scale * z[l]!;
      softmax(z);
      scale *= 1 - eta * l2;
      // z becomes the gradient of the loss by the scores.
      for (let l = 0; l < L; l++) {
        const g = unit * weight * (z[l]! - target[l]!);
        b[l]! -= eta * g * 0.1;
        z[l] = (eta * g) / scale;
      }
      for (let k = 0; k < x.ids.length; k++) {
        const row = x.ids[k]! * L;
        const v = x.values[k]!;
        for (let l = 0; l < L; l++) W[row + l]! -= z[l]! * v;
      }
      if (scale < 1e-6) {
        for (let j = 0; j < W.length; j++) W[j]! *= scale;
        scale = 1;
      }
    }
  }
  for (let j = 0; j < W.length; j++) W[j]! *= scale;
  return { bias: b, weights: W };
}

// Fisher–Yates with the seeded generator.
function shuffle(a: number[], random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}
