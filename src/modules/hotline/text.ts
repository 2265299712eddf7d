/**
 * Text analysis for the hotline: the terms of a Chinese or English text, and a small BM25
 * index over them. The knowledge base searches with it; duplicate detection and
 * classification can reuse it.
 */

/** Words that say nothing about what a question is about (zh and en). */
export const stopWords: ReadonlySet<string> = new Set([
  ...['的', '了', '是', '在', '我', '我们', '你', '你们', '您', '您好', '你好', '请问', '怎么', '怎么办', '怎样', '如何', '什么', '哪些', '哪个', '吗', '呢', '吧', '啊', '呀', '和', '与', '及', '一下', '一个', '这个', '那个', '就', '都', '也', '还', '我想', '想问'],
  ...['the', 'a', 'an', 'of', 'to', 'is', 'are', 'was', 'be', 'in', 'on', 'at', 'for', 'and', 'or', 'it', 'this', 'that', 'with', 'do', 'does', 'how', 'what', 'my', 'me', 'can', 'please'],
]);

export interface TokenOptions {
  /** Segment Chinese into dictionary words (ICU) besides the bigrams; off, it is about 20 times faster. */
  words?: boolean;
}

const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
const hanChar = /\p{Script=Han}/u;
const hanRuns = /\p{Script=Han}+/gu;
const twoChars = /^.{2}$/su;
const otherWords = /(?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:\.\p{N}+)*/gu;
// Particles that glue words together: a bigram across one is noise, and the segmenter still
// yields the real words that contain one (了解, 目的).
const particles = new Set(['的', '了', '吗', '呢', '吧', '啊', '呀', '么']);
// Chinese stop words of two or more characters, longest first: nothing is taken from inside
// them, neither a word (怎么|办) nor a bigram across their edge (热怎).
const stopPhrases = new RegExp(
  [...stopWords]
    .filter((w) => w.length > 1 && hanChar.test(w))
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'gu',
);

/**
 * The index terms of a text: NFKC, lower case; Chinese dictionary words (Intl.Segmenter), the
 * character bigrams of every Chinese run (robust where the dictionary misses, as in 公积金),
 * and Latin/digit words with a plural `s` stripped; stop words dropped. A two-character word
 * is given once, not again as its bigram.
 */
export function tokens(text: string, { words = true }: TokenOptions = {}): string[] {
  const s = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  for (const m of s.matchAll(otherWords)) {
    const w = stem(m[0]);
    if ((w.length > 1 || /\d/.test(w)) && !stopWords.has(w)) out.push(w);
  }
  if (!hanChar.test(s)) return out;
  const blocked = new Uint8Array(s.length + 1);
  for (const m of s.matchAll(stopPhrases)) blocked.fill(1, m.index, m.index + m[0].length);
  // Offsets where a two-character word starts: its bigram is already there.
  const pairs = new Set<number>();
  if (words) {
    for (const { segment, index, isWordLike } of segmenter.segment(s)) {
      if (!isWordLike || blocked[index] || !hanChar.test(segment) || stopWords.has(segment)) continue;
      out.push(segment);
      if (twoChars.test(segment)) pairs.add(index);
    }
  }
  for (const m of s.matchAll(hanRuns)) {
    const chars = Array.from(m[0]);
    if (chars.length === 1 && !words && !stopWords.has(chars[0]!)) out.push(chars[0]!);
    for (let i = 0, at = m.index; i + 1 < chars.length; at += chars[i]!.length, i++) {
      const a = chars[i]!;
      const b = chars[i + 1]!;
      const next = at + a.length;
      if (pairs.has(at) || blocked[at] || blocked[next] || particles.has(a) || particles.has(b)) continue;
      const bigram = a + b;
      if (!stopWords.has(bigram)) out.push(bigram);
    }
  }
  return out;
}

// Just enough English stemming for permits/permit, policies/policy.
function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

/** A field of a document: its text (or its tokens, already made) and how much a match in it counts. */
export interface TextField {
  text: string;
  weight: number;
  tokens?: readonly string[];
}

export interface TextDoc {
  id: string;
  fields: readonly TextField[];
}

/** A document that matched: its raw BM25 score (unbounded, comparable within one query) and the query terms it had. */
export interface TextHit {
  id: string;
  score: number;
  matched: string[];
}

export interface TextIndex {
  readonly size: number;
  /** The best `limit` documents for a query, best first (ties by id); only documents that `filter` lets through. */
  search(query: string, limit: number, options?: { filter?: (id: string) => boolean }): TextHit[];
}

export interface TextIndexOptions {
  k1?: number;
  b?: number;
  /** How texts and queries become terms; both must use the same. */
  analyse?: (text: string) => string[];
}

/**
 * An in-memory BM25 index over weighted fields (title > keywords > body): a term's frequency
 * and a document's length are the sums over its fields, each times the field's weight.
 * Scores are raw BM25, not normalised.
 */
// Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond" (2009), §3.5 (BM25F); idf as in Lucene (never negative).
export function createTextIndex(docs: readonly TextDoc[], { k1 = 1.2, b = 0.75, analyse = tokens }: TextIndexOptions = {}): TextIndex {
  const ids = docs.map((d) => d.id);
  const lengths = new Float64Array(docs.length);
  const postings = new Map<string, { docs: number[]; tfs: number[] }>();
  docs.forEach((doc, i) => {
    const tf = new Map<string, number>();
    for (const field of doc.fields) {
      const terms = field.tokens ?? analyse(field.text);
      lengths[i]! += field.weight * terms.length;
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + field.weight);
    }
    for (const [t, f] of tf) {
      let p = postings.get(t);
      if (!p) postings.set(t, (p = { docs: [], tfs: [] }));
      p.docs.push(i);
      p.tfs.push(f);
    }
  });
  const n = docs.length;
  const avgLength = lengths.reduce((a, x) => a + x, 0) / n || 1;

  return {
    size: n,
    search(query, limit, { filter } = {}) {
      const scores = new Map<number, { score: number; matched: string[] }>();
      for (const term of new Set(analyse(query))) {
        const p = postings.get(term);
        if (!p) continue;
        const idf = Math.log(1 + (n - p.docs.length + 0.5) / (p.docs.length + 0.5));
        p.docs.forEach((d, j) => {
          const tf = p.tfs[j]!;
          const gain = (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[d]!) / avgLength));
          const hit = scores.get(d);
          if (hit) {
            hit.score += gain;
            hit.matched.push(term);
          } else scores.set(d, { score: gain, matched: [term] });
        });
      }
      const hits: TextHit[] = [];
      for (const [d, { score, matched }] of scores) if (!filter || filter(ids[d]!)) hits.push({ id: ids[d]!, score, matched });
      return hits.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).slice(0, Math.max(0, limit));
    },
  };
}
