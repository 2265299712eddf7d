import { AppError } from '../../../core/errors.js';
import { oneHot, type Example } from './examples.js';
import { trainSoftmaxSgd } from './softmax-sgd.js';
import { predictCity, type PreparedCityModel } from './city-model.js';
import { messageTerms, type TokenizeOptions } from './tokenize.js';
import { inverseDocumentFrequency, vectorise, type Vocabulary } from './vectors.js';

/** A category of the city's taxonomy as the classifier learns it. */
export interface TaxonomyCategory {
  code: string;
  parent: string | null;
  name: string;
  /** 城乡建设/市政设施/路灯不亮 */
  path: string;
  keywords: string[];
  description: string | null;
}

/** A case whose category a person stood by: its text and that category. */
export interface LabelledCase {
  title: string | null;
  text: string;
  label: string;
}

/** The knobs of a city's training; the defaults keep a 300-category model small and fast. */
export interface CityTrainOptions extends TokenizeOptions {
  /** Weight of one taxonomy pseudo-document against one labelled case. */
  taxonomyWeight?: number;
  /** Keep at most this many terms: those of the taxonomy first, then the commonest in the cases. */
  maxFeatures?: number;
  /** A term of the cases only is kept when at least this many cases have it. */
  minDf?: number;
  /** Weights smaller than this (in absolute value) are dropped from the stored model. */
  prune?: number;
  l2?: number;
  epochs?: number;
  seed?: number;
}

export const defaultCityTrainOptions: Required<CityTrainOptions> = {
  words: true,
  ngrams: [1, 2, 3],
  titleWeight: 2,
  taxonomyWeight: 3,
  maxFeatures: 20_000,
  minDf: 2,
  prune: 0.02,
  l2: 1e-4,
  epochs: 8,
  seed: 1,
};

/** What a training run learnt from and how big the model came out. */
export interface CityTrainStats {
  labels: number;
  labelled: number;
  taxonomy: number;
  /** Labelled cases whose category is not in the taxonomy (any more): left out. */
  skipped: number;
  features: number;
  /** Weights kept after pruning, and what a dense model would have had. */
  entries: number;
  denseEntries: number;
}

/**
 * Trains a city's classifier: the leaf categories (and any category a person chose) are the
 * labels; each category's name, path, description and each of its keywords are short
 * pseudo-documents of it, so that a city without history gets a usable model; the labelled
 * cases add what the city's callers actually say. TF-IDF of jieba words and character
 * n-grams, multinomial logistic regression, weights pruned to a sparse model. Deterministic.
 */
export function fitCityModel(categories: TaxonomyCategory[], labelled: LabelledCase[], options: CityTrainOptions = {}): { model: PreparedCityModel; stats: CityTrainStats } {
  const o = { ...defaultCityTrainOptions, ...options };
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const parents = new Set(categories.map((c) => c.parent).filter((p): p is string => p !== null));
  const usable = labelled.filter((m) => byCode.has(m.label));
  const labels = [...new Set([...categories.filter((c) => !parents.has(c.code)).map((c) => c.code), ...usable.map((m) => m.label)])].sort();
  if (labels.length < 2) throw new AppError('invalid', `the taxonomy needs at least two categories to classify, found ${labels.length}`, { field: 'categories' });
  const index = new Map(labels.map((l, i) => [l, i]));

  const pseudo = labels.flatMap((code) => pseudoDocuments(byCode.get(code)!).map((d) => ({ ...d, label: code })));
  const tok: TokenizeOptions = { words: o.words, ngrams: o.ngrams, titleWeight: o.titleWeight };
  const pseudoTerms = pseudo.map((d) => messageTerms({ title: d.title, text: d.text }, tok));
  const caseTerms = usable.map((m) => messageTerms({ title: m.title ?? undefined, text: m.text }, tok));
  const vocabulary = chooseVocabulary(pseudoTerms, caseTerms, o);
  const idf = inverseDocumentFrequency(vocabulary, [...pseudoTerms, ...caseTerms]);

  const L = labels.length;
  const examples: Example[] = [
    ...pseudoTerms.map((t, i) => ({ x: vectorise(t, vocabulary, idf), target: oneHot(index.get(pseudo[i]!.label)!, L), weight: o.taxonomyWeight })),
    ...caseTerms.map((t, i) => ({ x: vectorise(t, vocabulary, idf), target: oneHot(index.get(usable[i]!.label)!, L), weight: 1 })),
  ];
  const fitted = trainSoftmaxSgd(L, vocabulary.size, examples, { l2: o.l2, epochs: o.epochs, seed: o.seed });
  const model = sparsify(labels, tok, vocabulary, idf, fitted.bias, fitted.weights, o.prune);
  return {
    model,
    stats: { labels: L, labelled: usable.length, taxonomy: pseudo.length, skipped: labelled.length - usable.length, features: vocabulary.size, entries: model.entryLabel.length, denseEntries: L * vocabulary.size },
  };
}

/** Top-1 and top-3 accuracy of a model on labelled cases. */
export function accuracyOn(model: PreparedCityModel, cases: LabelledCase[]): { top1: number; top3: number; n: number } {
  let top1 = 0;
  let top3 = 0;
  for (const c of cases) {
    const at = predictCity(model, { title: c.title, text: c.text }, 3).top.findIndex((s) => s.label === c.label);
    if (at === 0) top1++;
    if (at >= 0) top3++;
  }
  const n = cases.length;
  return { top1: n ? top1 / n : 0, top3: n ? top3 / n : 0, n };
}

// "Other" names say nothing about a category.
const other = /^其[他它]/;

/** A category's pseudo-documents: its name (titled) with its path and description, and each keyword (titled) with its name. */
export function pseudoDocuments(c: TaxonomyCategory): { title: string; text: string }[] {
  const ancestors = c.path.split('/').slice(0, -1).filter((n) => !other.test(n));
  const name = other.test(c.name) ? '' : c.name;
  const docs = [{ title: name, text: [...ancestors, c.description ?? ''].filter(Boolean).join('，') }];
  for (const k of c.keywords) docs.push({ title: k, text: name });
  return docs.filter((d) => d.title || d.text);
}

// Every term of the taxonomy (the cases may not have it yet), then the terms of at least
// `minDf` cases, commonest first, up to `maxFeatures`.
function chooseVocabulary(pseudo: Map<string, number>[], cases: Map<string, number>[], o: Required<CityTrainOptions>): Vocabulary {
  const taxonomy = new Set<string>();
  for (const d of pseudo) for (const t of d.keys()) taxonomy.add(t);
  const df = new Map<string, number>();
  for (const d of cases) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const byDf = (a: string, b: string) => (df.get(b) ?? 0) - (df.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  const fromTaxonomy = [...taxonomy].sort(byDf);
  const fromCases = [...df].filter(([t, n]) => n >= o.minDf && !taxonomy.has(t)).map(([t]) => t).sort(byDf);
  return new Map([...fromTaxonomy, ...fromCases].slice(0, o.maxFeatures).map((t, i) => [t, i]));
}

// Dense feature-major weights → compressed sparse rows per feature, small weights dropped.
function sparsify(labels: string[], tokenizer: TokenizeOptions, vocabulary: Vocabulary, idf: Float64Array, bias: Float64Array, weights: Float64Array, prune: number): PreparedCityModel {
  const V = vocabulary.size;
  const L = labels.length;
  const rowStart = new Uint32Array(V + 1);
  const entryLabel: number[] = [];
  const entryWeight: number[] = [];
  for (let j = 0; j < V; j++) {
    for (let l = 0; l < L; l++) {
      const w = weights[j * L + l]!;
      if (Math.abs(w) >= prune) {
        entryLabel.push(l);
        entryWeight.push(w);
      }
    }
    rowStart[j + 1] = entryLabel.length;
  }
  return { labels, tokenizer, vocabulary, idf, bias: Float64Array.from(bias), rowStart, entryLabel: Uint16Array.from(entryLabel), entryWeight: Float32Array.from(entryWeight) };
}
