import type { Example } from './examples.js';
import { probabilities, type LinearModel } from './linear.js';
import type { SparseVector } from './vectors.js';

/** Settings of self-training. */
export interface SelfTrainOptions {
  /** How many times the unlabelled messages are labelled afresh and the model refitted. */
  rounds?: number;
  /** Weight of a pseudo-labelled message against a labelled one. */
  weight?: number;
  /** Share of the unlabelled messages pseudo-labelled by the last round (the rounds grow to it evenly). */
  fraction?: number;
  /** Each label's share of the pseudo-labels (e.g. its share of the labelled messages); uniform if absent. */
  shares?: ArrayLike<number>;
  /** Per unlabelled message, a prior over the labels from outside its text (a reply), or null. */
  priors?: (Float64Array | null)[];
}

/**
 * Self-training with class-balanced selection: each round, the unlabelled messages the current
 * model is surest of — per label, as many as its share — join the training set with that
 * label, and the model is refitted (Yarowsky 1995; the balanced selection of Blum & Mitchell
 * 1998, §4, which keeps one broad label from swallowing the rest).
 */
export function selfTrain(
  known: Example[],
  unlabelled: SparseVector[],
  fit: (examples: Example[]) => LinearModel,
  { rounds = 1, weight = 0.1, fraction = 0.1, shares, priors = [] }: SelfTrainOptions = {},
): { model: LinearModel; pseudo: Example[] } {
  let model = fit(known);
  let pseudo: Example[] = [];
  const L = model.labels.length;
  for (let r = 1; r <= rounds; r++) {
    const candidates: { i: number; p: number }[][] = Array.from({ length: L }, () => []);
    unlabelled.forEach((x, i) => {
      const p = probabilities(model, x);
      const prior = priors[i];
      if (prior) multiplyNormalise(p, prior);
      let best = 0;
      for (let l = 1; l < L; l++) if (p[l]! > p[best]!) best = l;
      candidates[best]!.push({ i, p: p[best]! });
    });
    const take = (fraction * r * unlabelled.length) / rounds;
    pseudo = [];
    for (let l = 0; l < L; l++) {
      const ranked = candidates[l]!.sort((a, b) => b.p - a.p || a.i - b.i);
      for (const { i } of ranked.slice(0, Math.round(take * (shares ? shares[l]! : 1 / L)))) {
        const target = new Float64Array(L);
        target[l] = 1;
        pseudo.push({ x: unlabelled[i]!, target, weight });
      }
    }
    model = fit([...known, ...pseudo]);
  }
  return { model, pseudo };
}

function multiplyNormalise(p: Float64Array, q: Float64Array): void {
  let sum = 0;
  for (let l = 0; l < p.length; l++) sum += p[l]! *= q[l]!;
  for (let l = 0; l < p.length; l++) p[l]! /= sum || 1;
}
