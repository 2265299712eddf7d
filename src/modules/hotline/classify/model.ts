import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { probabilities, type LinearModel } from './linear.js';
import { messageFeatures, type TokenizeOptions } from './tokenize.js';
import type { Trained, TrainOptions } from './train.js';
import { weigh, type Vocabulary } from './vectors.js';

/** The format of a serialised classifier; a model of another format is refused, not misread. */
export const modelVersion = 'citywork.hotline.classifier/1';

// Weights and idf are kept to 4 decimals, ample for values of order 0.1–10, and the JSON stays small.
const decimals = 1e4;

const modelSchema = z.object({
  version: z.literal(modelVersion),
  id: z.string().regex(/^clf_[0-9a-f]{16}$/),
  labels: z.array(z.string().min(1)).min(2),
  tokenizer: z.object({ segmenter: z.string(), words: z.boolean(), ngrams: z.array(z.number().int().min(1).max(5)), titleWeight: z.number().positive() }),
  vocabulary: z.array(z.string()),
  idf: z.array(z.number()),
  bias: z.array(z.number()),
  weights: z.array(z.array(z.number())),
  trainedOn: z.object({ labelled: z.number().int(), unlabelled: z.number().int(), taxonomy: z.number().int(), pseudoLabelled: z.number().int() }),
  temperature: z.number().positive(),
  options: z.record(z.string(), z.unknown()),
});

/**
 * A trained hotline category classifier as plain data: what it was trained on, how it cuts
 * text, its vocabulary with idf, and one row of weights per label. JSON as it stands.
 */
export type ClassifierModel = z.infer<typeof modelSchema> & { options: TrainOptions };

/** A suggested category and its probability. */
export interface Suggestion {
  label: string;
  score: number;
}

/** The model of a training run, its numbers rounded and its id the hash of its content. */
export function toClassifierModel(trained: Trained): ClassifierModel {
  const { model, options: o } = trained;
  const round = (x: number) => Math.round(x * decimals) / decimals;
  const body = {
    labels: trained.labels,
    tokenizer: { segmenter: '@node-rs/jieba 2.0.3', words: o.words, ngrams: [...o.ngrams], titleWeight: o.titleWeight },
    vocabulary: [...trained.vocabulary.keys()],
    idf: Array.from(trained.idf, round),
    bias: Array.from(model.bias, round),
    weights: trained.labels.map((_, l) => Array.from(model.weights.subarray(l * model.size, (l + 1) * model.size), round)),
    trainedOn: trained.counts,
    temperature: Math.round(trained.temperature * 1000) / 1000,
    options: o,
  };
  const id = `clf_${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16)}`;
  return { version: modelVersion, id, ...body };
}

/** The model as JSON text, the same bytes for the same model. */
export function serialiseModel(model: ClassifierModel): string {
  return JSON.stringify(model);
}

/** A model from its JSON (text or parsed), checked: a wrong version or inconsistent shape is `invalid`. */
export function loadModel(json: string | unknown): ClassifierModel {
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (err) {
      throw new AppError('invalid', `the classifier model is not JSON: ${(err as Error).message}`, { field: 'model' });
    }
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (version !== modelVersion) throw new AppError('invalid', `the classifier model has version ${JSON.stringify(version)}, this citywork reads ${modelVersion}`, { field: 'model' });
  const parsed = modelSchema.safeParse(data);
  if (!parsed.success) throw new AppError('invalid', `the classifier model is malformed: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`, { field: 'model' });
  const m = parsed.data as ClassifierModel;
  const V = m.vocabulary.length;
  if (m.idf.length !== V || m.bias.length !== m.labels.length || m.weights.length !== m.labels.length || m.weights.some((w) => w.length !== V)) {
    throw new AppError('invalid', `the classifier model is inconsistent: ${m.labels.length} labels and ${V} terms need as many biases, weight rows and idf values`, { field: 'model' });
  }
  return m;
}

/** The `k` likeliest categories of a message, best first, with probabilities (they sum to at most 1). */
export function predict(model: ClassifierModel, message: { title?: string; text: string }, k = 3): Suggestion[] {
  const p = prepared(model);
  const probs = probabilities(p.linear, weigh(messageFeatures(message, p.tokenizer, p.vocabulary), p.idf));
  return model.labels
    .map((label, i) => ({ label, score: probs[i]! }))
    .sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : 1))
    .slice(0, Math.max(0, k));
}

interface Prepared {
  tokenizer: TokenizeOptions;
  vocabulary: Vocabulary;
  idf: Float64Array;
  linear: LinearModel;
}

const cache = new WeakMap<ClassifierModel, Prepared>();

/** Builds a model's term index and weight arrays now rather than at its first prediction (a few milliseconds, once). */
export function prepareModel(model: ClassifierModel): void {
  prepared(model);
}

// The arrays and the term index built once per model object, not per message.
function prepared(model: ClassifierModel): Prepared {
  let p = cache.get(model);
  if (!p) {
    const size = model.vocabulary.length;
    const weights = new Float64Array(model.labels.length * size);
    model.weights.forEach((row, l) => weights.set(row, l * size));
    p = {
      tokenizer: model.tokenizer,
      vocabulary: new Map(model.vocabulary.map((t, i) => [t, i])),
      idf: Float64Array.from(model.idf),
      linear: { labels: model.labels, size, bias: Float64Array.from(model.bias), weights },
    };
    cache.set(model, p);
  }
  return p;
}
