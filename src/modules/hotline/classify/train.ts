import { AppError } from '../../../core/errors.js';
import type { Message } from './csv.js';
import { categoryOfReply } from './departments.js';
import { oneHot, type Example } from './examples.js';
import { fitTemperature } from './calibrate.js';
import { assignFolds } from './folds.js';
import { probabilities, type LinearModel } from './linear.js';
import { trainLogistic } from './logistic.js';
import { selfTrain } from './semi.js';
import { taxonomyDocuments, type TaxonomyRow } from './taxonomy.js';
import { defaultTokenizeOptions, messageTerms, type TokenizeOptions } from './tokenize.js';
import { buildVocabulary, inverseDocumentFrequency, vectorise, type Vocabulary } from './vectors.js';

/** What a classifier learns from. */
export interface TrainInput {
  /** Messages with their label. */
  labelled: Message[];
  /** Messages without one, from the same source: self-training, and the idf; their replies give weak labels. */
  unlabelled?: Message[];
  /** The category taxonomy: its names are learnt as short messages of their level-1 label. */
  taxonomy?: TaxonomyRow[];
  options?: TrainOptions;
}

/** The knobs of training; the defaults are what the repeated k-fold evaluation chose. */
export interface TrainOptions extends TokenizeOptions {
  /** Keep the terms found in at least this many labelled messages or taxonomy entries. */
  minDf?: number;
  /** Weight of one taxonomy pseudo-message against one labelled message (0: taxonomy unused). */
  taxonomyWeight?: number;
  /** Self-training rounds over the unlabelled messages (0: they only inform the idf). */
  selfRounds?: number;
  /** Share of the unlabelled messages that self-training labels. */
  selfFraction?: number;
  /** Weight of one pseudo-labelled message against one labelled message. */
  unlabelledWeight?: number;
  /** How much a reply naming one category's departments is believed (0: ignored, 1: certain). */
  replyTrust?: number;
  /** L2 regularisation of the logistic regression. */
  l2?: number;
  epochs?: number;
  seed?: number;
  /** Folds of the held-out predictions the probabilities are calibrated on (0: uncalibrated). */
  calibrationFolds?: number;
}

export const defaultTrainOptions: Required<TrainOptions> = {
  ...defaultTokenizeOptions,
  minDf: 2,
  taxonomyWeight: 8,
  selfRounds: 1,
  selfFraction: 0.1,
  unlabelledWeight: 0.1,
  replyTrust: 0.3,
  l2: 1e-4,
  epochs: 10,
  seed: 1,
  calibrationFolds: 5,
};

/** A trained classifier in memory: the linear model and how to turn a message into its vector. */
export interface Trained {
  labels: string[];
  vocabulary: Vocabulary;
  idf: Float64Array;
  model: LinearModel;
  options: Required<TrainOptions>;
  counts: { labelled: number; unlabelled: number; taxonomy: number; pseudoLabelled: number };
  /** The logits were divided by it, so that the probabilities match the held-out accuracy. */
  temperature: number;
}

/**
 * Trains the classifier: TF-IDF over jieba words and character n-grams, multinomial logistic
 * regression on the labelled messages and the taxonomy, then self-training on the unlabelled
 * messages (their replies' departments as priors). Deterministic for a given seed.
 */
export function train({ labelled, unlabelled = [], taxonomy = [], options = {} }: TrainInput): Trained {
  const o: Required<TrainOptions> = { ...defaultTrainOptions, ...options };
  const labels = [...new Set(labelled.map((m) => m.label ?? ''))].sort();
  if (labels.includes('')) throw new AppError('invalid', 'every labelled message needs a label', { field: 'label-column' });
  if (labels.length < 2) throw new AppError('invalid', `at least two labels are needed to classify, found ${labels.length}`, { field: 'label-column' });
  const L = labels.length;
  const index = new Map(labels.map((l, i) => [l, i]));

  const pseudo = o.taxonomyWeight > 0 ? taxonomyDocuments(taxonomy, labels) : [];
  const labelledTerms = labelled.map((m) => cachedTerms(m, o));
  const pseudoTerms = pseudo.map((p) => messageTerms({ title: p.text, text: '' }, o));
  const unlabelledTerms = unlabelled.map((m) => cachedTerms(m, o));
  const vocabulary = buildVocabulary([...labelledTerms, ...pseudoTerms], { minDf: o.minDf });
  const idf = inverseDocumentFrequency(vocabulary, [...labelledTerms, ...pseudoTerms, ...unlabelledTerms]);
  const vec = (t: Map<string, number>) => vectorise(t, vocabulary, idf);

  const known: Example[] = [
    ...labelledTerms.map((t, i) => ({ x: vec(t), target: oneHot(index.get(labelled[i]!.label!)!, L), weight: 1 })),
    ...pseudoTerms.map((t, i) => ({ x: vec(t), target: oneHot(index.get(pseudo[i]!.label)!, L), weight: o.taxonomyWeight })),
  ];
  const fit = (examples: Example[]) => trainLogistic(labels, vocabulary.size, examples, { l2: o.l2, epochs: o.epochs, seed: o.seed });
  const selfTraining = unlabelled.length > 0 && o.selfRounds > 0 && o.selfFraction > 0;
  const unlabelledVectors = selfTraining ? unlabelledTerms.map(vec) : [];
  const priors = selfTraining ? unlabelled.map((m) => replyPrior(m, labels, o.replyTrust)) : [];
  const shares = labels.map((l) => labelled.filter((m) => m.label === l).length / labelled.length);
  const learn = (examples: Example[]) =>
    selfTraining ? selfTrain(examples, unlabelledVectors, fit, { rounds: o.selfRounds, weight: o.unlabelledWeight, fraction: o.selfFraction, shares, priors }) : { model: fit(examples), pseudo: [] };

  const { model, pseudo: pseudoLabelled } = learn(known);
  const temperature = o.calibrationFolds > 1 ? heldOutTemperature(labelled, known, learn, o) : 1;
  for (let i = 0; i < model.weights.length; i++) model.weights[i]! /= temperature;
  for (let i = 0; i < model.bias.length; i++) model.bias[i]! /= temperature;
  return { labels, vocabulary, idf, model, temperature, options: o, counts: { labelled: labelled.length, unlabelled: unlabelled.length, taxonomy: pseudo.length, pseudoLabelled: pseudoLabelled.length } };
}

// The temperature fitted on held-out predictions: the labelled messages in k folds, each
// predicted by the whole training (taxonomy and self-training included) without its fold.
function heldOutTemperature(labelled: Message[], known: Example[], learn: (examples: Example[]) => { model: LinearModel }, o: Required<TrainOptions>): number {
  const folds = Math.min(o.calibrationFolds, Math.min(...countBy(labelled.map((m) => m.label!)).values()));
  if (folds < 2) return 1;
  const fold = assignFolds(labelled.map((m) => m.label!), folds, o.seed);
  const heldOut: { p: Float64Array; truth: number }[] = [];
  for (let f = 0; f < folds; f++) {
    // The labelled examples come first in `known`, in the order of `labelled`; the taxonomy is always in.
    const { model } = learn(known.filter((_, i) => i >= labelled.length || fold[i] !== f));
    known.forEach((e, i) => {
      if (i < labelled.length && fold[i] === f) heldOut.push({ p: probabilities(model, e.x), truth: e.target.indexOf(1) });
    });
  }
  return fitTemperature(heldOut);
}

function countBy(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

const termCache = new WeakMap<Message, { key: string; terms: Map<string, number> }>();

/** A message's terms, remembered per message object: k-fold training cuts each unlabelled message once. */
export function cachedTerms(m: Message, options: TokenizeOptions): Map<string, number> {
  const key = `${options.words}|${options.ngrams?.join(',')}|${options.titleWeight}`;
  const hit = termCache.get(m);
  if (hit?.key === key) return hit.terms;
  const terms = messageTerms(m, options);
  termCache.set(m, { key, terms });
  return terms;
}

// A reply naming one category's departments makes that category `trust` likelier; the rest share what is left.
function replyPrior(m: Message, labels: string[], trust: number): Float64Array | null {
  if (!m.reply || trust <= 0) return null;
  const c = categoryOfReply(m.reply, labels);
  if (c === null) return null;
  const p = new Float64Array(labels.length).fill((1 - trust) / labels.length);
  p[labels.indexOf(c)]! += trust;
  return p;
}
