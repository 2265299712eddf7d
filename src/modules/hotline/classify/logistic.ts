import type { Example } from './examples.js';
import { emptyModel, type LinearModel } from './linear.js';
import { trainSoftmaxSgd, type FeatureMajorModel } from './softmax-sgd.js';

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
 * Multinomial logistic regression (`trainSoftmaxSgd`: soft targets, example weights, seeded SGD)
 * as a label-major `LinearModel`, the layout the evaluation and the naive Bayes start use.
 */
export function trainLogistic(labels: string[], size: number, examples: Example[], { l2 = 1e-4, epochs = 15, seed = 1, init }: LogisticOptions = {}): LinearModel {
  const L = labels.length;
  const fit = trainSoftmaxSgd(L, size, examples, { l2, epochs, seed, init: init ? featureMajor(init) : undefined });
  const model = emptyModel(labels, size);
  model.bias.set(fit.bias);
  for (let j = 0; j < size; j++) for (let l = 0; l < L; l++) model.weights[l * size + j] = fit.weights[j * L + l]!;
  return model;
}

function featureMajor(m: LinearModel): FeatureMajorModel {
  const L = m.labels.length;
  const weights = new Float64Array(L * m.size);
  for (let l = 0; l < L; l++) for (let j = 0; j < m.size; j++) weights[j * L + l] = m.weights[l * m.size + j]!;
  return { bias: Float64Array.from(m.bias), weights };
}
