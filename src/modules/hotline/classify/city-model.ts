import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { softmax } from './linear.js';
import { messageFeatures, type TokenizeOptions } from './tokenize.js';
import { weigh } from './vectors.js';

/** The format of a city's stored classifier; another format is refused, not misread. */
export const cityModelFormat = 'citywork.hotline.city-classifier/1';

/**
 * A city's category classifier as plain data, small enough for a database row: labels are
 * category codes (hundreds of them), and the weights are sparse — per feature, only the
 * labels whose weight survived pruning, as base64 of little-endian typed arrays.
 */
export interface CityModel {
  format: typeof cityModelFormat;
  labels: string[];
  tokenizer: { words: boolean; ngrams: number[]; titleWeight: number };
  vocabulary: string[];
  idf: number[];
  bias: number[];
  /** Per feature, how many (label, weight) entries it has: base64 Uint16Array. */
  counts: string;
  /** The entries' label indices, feature after feature: base64 Uint16Array. */
  entryLabels: string;
  /** The entries' weights: base64 Float32Array. */
  entryWeights: string;
}

const schema = z.object({
  format: z.literal(cityModelFormat),
  labels: z.array(z.string().min(1)).min(1).max(65_535),
  tokenizer: z.object({ words: z.boolean(), ngrams: z.array(z.number().int().min(1).max(5)), titleWeight: z.number().positive() }),
  vocabulary: z.array(z.string()).max(65_535 * 16),
  idf: z.array(z.number()),
  bias: z.array(z.number()),
  counts: z.string(),
  entryLabels: z.string(),
  entryWeights: z.string(),
});

/** A model ready to predict: the term index and the sparse weights as typed arrays (compressed sparse rows). */
export interface PreparedCityModel {
  labels: string[];
  tokenizer: TokenizeOptions;
  vocabulary: Map<string, number>;
  idf: Float64Array;
  bias: Float64Array;
  /** Feature j's entries are rowStart[j] … rowStart[j + 1] − 1. */
  rowStart: Uint32Array;
  entryLabel: Uint16Array;
  entryWeight: Float32Array;
}

/** A suggested label (category code) and its probability. */
export interface CityPrediction {
  label: string;
  score: number;
}

/** The stored form of a prepared model. */
export function serialiseCityModel(p: PreparedCityModel): CityModel {
  const counts = new Uint16Array(p.rowStart.length - 1);
  for (let j = 0; j < counts.length; j++) counts[j] = p.rowStart[j + 1]! - p.rowStart[j]!;
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    format: cityModelFormat,
    labels: p.labels,
    tokenizer: { words: p.tokenizer.words ?? true, ngrams: [...(p.tokenizer.ngrams ?? [])], titleWeight: p.tokenizer.titleWeight ?? 1 },
    vocabulary: [...p.vocabulary.keys()],
    idf: Array.from(p.idf, round),
    bias: Array.from(p.bias, round),
    counts: base64(counts),
    entryLabels: base64(p.entryLabel),
    entryWeights: base64(p.entryWeight),
  };
}

/** A stored model, checked and made ready to predict; a wrong format or inconsistent arrays are `invalid`. */
export function loadCityModel(data: unknown): PreparedCityModel {
  const format = (data as { format?: unknown } | null)?.format;
  if (format !== cityModelFormat) throw new AppError('invalid', `the city classifier has format ${JSON.stringify(format)}, this citywork reads ${cityModelFormat}`, { field: 'model' });
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new AppError('invalid', `the city classifier is malformed: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`, { field: 'model' });
  const m = parsed.data;
  const V = m.vocabulary.length;
  const counts = new Uint16Array(bytes(m.counts, 2));
  const entryLabel = new Uint16Array(bytes(m.entryLabels, 2));
  const entryWeight = new Float32Array(bytes(m.entryWeights, 4));
  const rowStart = new Uint32Array(V + 1);
  for (let j = 0; j < counts.length; j++) rowStart[j + 1] = rowStart[j]! + counts[j]!;
  const consistent = m.idf.length === V && m.bias.length === m.labels.length && counts.length === V && entryLabel.length === rowStart[V] && entryWeight.length === entryLabel.length && entryLabel.every((l) => l < m.labels.length);
  if (!consistent) throw new AppError('invalid', `the city classifier is inconsistent: ${m.labels.length} labels, ${V} terms, ${entryLabel.length} weights`, { field: 'model' });
  return {
    labels: m.labels,
    tokenizer: m.tokenizer,
    vocabulary: new Map(m.vocabulary.map((t, i) => [t, i])),
    idf: Float64Array.from(m.idf),
    bias: Float64Array.from(m.bias),
    rowStart,
    entryLabel,
    entryWeight,
  };
}

/**
 * The `k` likeliest labels of a message, best first, with their probabilities; `known` is
 * the number of the message's terms the model knows (0: it can say nothing about it).
 */
export function predictCity(p: PreparedCityModel, message: { title?: string | null; text: string }, k = 3): { known: number; top: CityPrediction[] } {
  const counts = messageFeatures({ title: message.title ?? undefined, text: message.text }, p.tokenizer, p.vocabulary);
  const x = weigh(counts, p.idf);
  const z = new Float64Array(p.bias);
  for (let i = 0; i < x.ids.length; i++) {
    const j = x.ids[i]!;
    const v = x.values[i]!;
    for (let e = p.rowStart[j]!, end = p.rowStart[j + 1]!; e < end; e++) z[p.entryLabel[e]!]! += p.entryWeight[e]! * v;
  }
  softmax(z);
  return { known: counts.size, top: topK(z, p.labels, k) };
}

// The k best of n scores by insertion into a short sorted list: n is a few hundred, k three.
function topK(z: Float64Array, labels: string[], k: number): CityPrediction[] {
  const best: number[] = [];
  for (let i = 0; i < z.length; i++) {
    if (best.length === k && z[i]! <= z[best[k - 1]!]!) continue;
    let at = best.length;
    while (at > 0 && z[best[at - 1]!]! < z[i]!) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best.map((i) => ({ label: labels[i]!, score: z[i]! }));
}

function base64(a: Uint16Array | Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

// A fresh, aligned buffer: Buffer.from may share a pool at an odd offset.
function bytes(b64: string, width: number): ArrayBuffer {
  const b = Buffer.from(b64, 'base64');
  if (b.length % width !== 0) throw new AppError('invalid', 'the city classifier is malformed: a weight array has a partial element', { field: 'model' });
  const out = new ArrayBuffer(b.length);
  new Uint8Array(out).set(b);
  return out;
}
