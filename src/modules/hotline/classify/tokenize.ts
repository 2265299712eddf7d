import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

/** How a message becomes terms: jieba words, character n-grams and the title's weight. */
export interface TokenizeOptions {
  /** Segment Chinese with jieba into dictionary words (of two characters or more). */
  words?: boolean;
  /** Lengths of the character n-grams taken from every Chinese run, e.g. [2] for bigrams. */
  ngrams?: number[];
  /** How many times a title term counts against one of the text. */
  titleWeight?: number;
}

export const defaultTokenizeOptions: Required<TokenizeOptions> = { words: true, ngrams: [1, 2, 3], titleWeight: 4 };

let jieba: Jieba | null = null;
// The native addon and its 5 MB dictionary take about 0.2 s to load: once, and only when
// Chinese is cut, not whenever the hotline module is imported.
function segmenter(): Jieba {
  if (!jieba) {
    const require = createRequire(import.meta.url);
    const { Jieba: J } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    jieba = J.withDict(dict);
  }
  return jieba;
}

// The data's anonymisation leaves codes that say nothing about the topic: A市, A3区, K9县,
// user numbers like A00074011, and the province 西地省.
const anonymised = /[A-Z]\d*[省市区县]|[A-Z]\d{4,}|西地省/g;
const hanRun = /\p{Script=Han}+/gu;
const hanWord = /^\p{Script=Han}{2,}$/u;
const latinWord = /[a-z]{2,}/g;
const surrogate = /[\uD800-\uDFFF]/;

/** NFKC, lower case, anonymisation codes and digits dropped, whitespace runs made one space. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(anonymised, ' ')
    .toLowerCase()
    .replace(/\d+(?:\.\d+)?/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The terms of a text: jieba words of two or more Chinese characters (as `w:…`), character n-grams of every Chinese run, Latin words. */
export function textTerms(text: string, options: TokenizeOptions = {}): string[] {
  const out: string[] = [];
  eachTerm(text, options, (t) => out.push(t) > 0);
  return out;
}

/** A message's term counts, the title's terms counted `titleWeight` times. */
export function messageTerms(message: { title?: string; text: string }, options: TokenizeOptions = {}): Map<string, number> {
  const { titleWeight = defaultTokenizeOptions.titleWeight } = options;
  const counts = new Map<string, number>();
  const add = (w: number) => (t: string) => !!counts.set(t, (counts.get(t) ?? 0) + w);
  if (message.title) eachTerm(message.title, options, add(titleWeight));
  eachTerm(message.text, options, add(1));
  return counts;
}

/**
 * A message's counts of the terms a vocabulary knows, by their index. An n-gram whose shorter
 * prefix is unknown is not looked up: a vocabulary of the terms in at least k documents that
 * lacks "ab" lacks "abc" too.
 */
export function messageFeatures(message: { title?: string; text: string }, options: TokenizeOptions, vocabulary: Map<string, number>): Map<number, number> {
  const { titleWeight = defaultTokenizeOptions.titleWeight } = options;
  const counts = new Map<number, number>();
  const add = (w: number) => (t: string) => {
    const i = vocabulary.get(t);
    if (i === undefined) return false;
    counts.set(i, (counts.get(i) ?? 0) + w);
    return true;
  };
  if (message.title) eachTerm(message.title, options, add(titleWeight));
  eachTerm(message.text, options, add(1));
  return counts;
}

// One pass that hands each term to `emit`, no intermediate arrays; when `emit` says a term is
// unknown, the longer n-grams at its start are skipped.
function eachTerm(text: string, { words = defaultTokenizeOptions.words, ngrams = defaultTokenizeOptions.ngrams }: TokenizeOptions, emit: (term: string) => boolean): void {
  const s = normaliseText(text);
  const sizes = [...ngrams].sort((a, b) => a - b);
  for (const m of s.matchAll(latinWord)) emit(m[0]);
  // One call into jieba for the whole text: it splits at punctuation itself.
  if (words) for (const w of segmenter().cut(s, false)) if (hanWord.test(w)) emit(`w:${w}`);
  for (const m of s.matchAll(hanRun)) {
    // A Chinese character is one UTF-16 unit except in the extension planes, which are rare.
    const run = surrogate.test(m[0]) ? Array.from(m[0]) : m[0];
    for (let i = 0; i < run.length; i++) {
      for (const n of sizes) {
        if (i + n > run.length || !emit(typeof run === 'string' ? run.slice(i, i + n) : run.slice(i, i + n).join(''))) break;
      }
    }
  }
}
