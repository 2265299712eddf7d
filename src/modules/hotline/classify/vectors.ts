/** A sparse, L2-normalised document vector over a vocabulary: feature indices and their values, in the order met. */
export interface SparseVector {
  ids: Uint32Array;
  values: Float64Array;
}

/** Term → feature index. */
export type Vocabulary = Map<string, number>;

/**
 * The terms found in at least `minDf` of the documents, in a stable order (by document
 * frequency, then code point). A term seen in one labelled message only would let the model
 * learn that message by heart, so the vocabulary comes from the labelled ones.
 */
export function buildVocabulary(docs: Iterable<Map<string, number>>, { minDf = 2 }: { minDf?: number } = {}): Vocabulary {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const kept = [...df].filter(([, c]) => c >= minDf).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Map(kept.map(([t], i) => [t, i]));
}

/** The smoothed inverse document frequency of each vocabulary term over a corpus, ln((1 + n) / (1 + df)) + 1 as in scikit-learn. */
export function inverseDocumentFrequency(vocabulary: Vocabulary, docs: Iterable<Map<string, number>>): Float64Array {
  const df = new Float64Array(vocabulary.size);
  let n = 0;
  for (const d of docs) {
    n++;
    for (const t of d.keys()) {
      const i = vocabulary.get(t);
      if (i !== undefined) df[i]!++;
    }
  }
  return df.map((c) => Math.log((1 + n) / (1 + c)) + 1);
}

/** A document's vector: sublinear term frequency ln(1 + tf) times idf, L2-normalised; unknown terms dropped. */
export function vectorise(terms: Map<string, number>, vocabulary: Vocabulary, idf: ArrayLike<number>): SparseVector {
  const counts = new Map<number, number>();
  for (const [t, tf] of terms) {
    const i = vocabulary.get(t);
    if (i !== undefined) counts.set(i, tf);
  }
  return weigh(counts, idf);
}

/** The vector of feature counts (index → tf), weighted as `vectorise` does. */
export function weigh(counts: Map<number, number>, idf: ArrayLike<number>): SparseVector {
  const ids = new Uint32Array(counts.size);
  const values = new Float64Array(counts.size);
  let sum = 0;
  let k = 0;
  for (const [id, tf] of counts) {
    const v = Math.log1p(Math.max(0, tf)) * idf[id]!;
    ids[k] = id;
    values[k++] = v;
    sum += v * v;
  }
  const norm = Math.sqrt(sum) || 1;
  for (let j = 0; j < values.length; j++) values[j]! /= norm;
  return { ids, values };
}
