import { tokens } from './text.js';
import { monthOf, riseScore, monthStart } from './rate-change.js';

/** A message as text topic mining needs it. */
export interface TextMessage {
  id: string;
  title: string;
  text: string;
  at: Date;
}

export interface TextTopicOptions {
  /** Cosine similarity (TF-IDF) a message needs to join a topic. */
  threshold?: number;
  /** Topics with fewer messages are not reported. */
  minSize?: number;
  /** Rising: at least this many messages in the month it rose in. */
  minCount?: number;
  /** Recurring: present in at least this many different months. */
  recurMonths?: number;
  utcOffsetMinutes?: number;
  /** How many message ids and titles each topic cites. */
  evidence?: number;
  limit?: number;
}

export interface TextTopic {
  /** The topic's heaviest terms. */
  terms: string[];
  /** The title of the message nearest its centre. */
  title: string;
  size: number;
  months: { month: string; count: number }[];
  /** Rising: the month of its sharpest rise and the z-score; recurring: the number of months present. */
  month: string;
  score: number;
  messageIds: string[];
  titles: string[];
}

type Vector = Map<string, number>;

/**
 * Topics of free text that rise or recur, month by month: messages become TF-IDF vectors of
 * their terms (title twice, body once; Chinese character bigrams, no dictionary), are
 * clustered in one pass in time order (a message joins the nearest topic centre with cosine
 * ≥ threshold, else starts a topic), and each topic is counted per month. Rising topics have
 * the sharpest month-over-month rise (a z-score); recurring ones are present in the most
 * months. Pure and deterministic.
 */
// Allan et al., "Topic Detection and Tracking Pilot Study" (1998), single-pass clustering; Salton & Buckley (1988) for the TF-IDF weights.
export function textTopics(messages: readonly TextMessage[], { threshold = 0.3, minSize = 3, minCount = 3, recurMonths = 3, utcOffsetMinutes = 480, evidence = 5, limit = 10 }: TextTopicOptions = {}): { rising: TextTopic[]; recurring: TextTopic[]; topics: number } {
  const sorted = [...messages].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1));
  const vectors = tfidf(sorted.map((m) => [...tokens(`${m.title} ${m.title} ${m.text}`, { words: false })]));
  const clusters = singlePass(vectors, threshold);
  const topics: (TextTopic & { rise: { month: string; z: number } | null; present: number })[] = [];
  for (const c of clusters) {
    if (c.members.length < minSize) continue;
    const perMonth = new Map<string, number>();
    for (const i of c.members) perMonth.set(monthOf(sorted[i]!.at, utcOffsetMinutes), (perMonth.get(monthOf(sorted[i]!.at, utcOffsetMinutes)) ?? 0) + 1);
    const months = [...perMonth].sort((a, b) => a[0].localeCompare(b[0])).map(([month, count]) => ({ month, count }));
    let rise: { month: string; z: number } | null = null;
    for (const { month, count } of months) {
      if (count < minCount) continue;
      const prev = monthOf(monthStart(month, 0, -1), 0);
      const z = riseScore(count, perMonth.get(prev) ?? 0, daysIn(month), daysIn(prev));
      if (!rise || z > rise.z) rise = { month, z };
    }
    const centre = c.sum;
    const nearest = [...c.members].sort((a, b) => dot(vectors[b]!, centre) - dot(vectors[a]!, centre) || a - b);
    const terms = [...centre].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5).map(([t]) => t);
    const cited = nearest.slice(0, evidence).map((i) => sorted[i]!);
    topics.push({ terms, title: cited[0]!.title, size: c.members.length, months, month: '', score: 0, messageIds: cited.map((m) => m.id), titles: cited.map((m) => m.title), rise, present: months.length });
  }
  const rising = topics
    .filter((t) => t.rise && t.rise.z > 0)
    .sort((a, b) => b.rise!.z - a.rise!.z || b.size - a.size)
    .slice(0, limit)
    .map(({ rise, present: _p, ...t }) => ({ ...t, month: rise!.month, score: Math.round(rise!.z * 100) / 100 }));
  const recurring = topics
    .filter((t) => t.present >= recurMonths)
    .sort((a, b) => b.present - a.present || b.size - a.size)
    .slice(0, limit)
    .map(({ rise: _r, present, ...t }) => ({ ...t, month: t.months[t.months.length - 1]!.month, score: present }));
  return { rising, recurring, topics: topics.length };
}

// Sublinear tf times idf, unit length; terms in one message only cannot link two, and are dropped.
function tfidf(docs: string[][]): Vector[] {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  return docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d) if (df.get(t)! > 1) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v: Vector = new Map();
    let norm = 0;
    for (const [t, f] of tf) {
      const w = (1 + Math.log(f)) * Math.log(n / df.get(t)!);
      if (w <= 0) continue;
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
}

interface Cluster {
  members: number[];
  /** The sum of the members' vectors; its length is kept in `norm2`. */
  sum: Vector;
  norm2: number;
}

function singlePass(vectors: Vector[], threshold: number, probe = 12): Cluster[] {
  const clusters: Cluster[] = [];
  const byTerm = new Map<string, Set<number>>();
  vectors.forEach((v, i) => {
    const top = [...v].sort((a, b) => b[1] - a[1]).slice(0, probe).map(([t]) => t);
    const candidates = new Set<number>();
    for (const t of top) for (const c of byTerm.get(t) ?? []) candidates.add(c);
    let best = -1;
    let bestCos = threshold;
    for (const c of candidates) {
      const cos = dot(v, clusters[c]!.sum) / Math.sqrt(clusters[c]!.norm2);
      if (cos > bestCos || (best < 0 && cos >= bestCos)) {
        best = c;
        bestCos = cos;
      }
    }
    if (best < 0) {
      best = clusters.length;
      clusters.push({ members: [], sum: new Map(), norm2: 0 });
    }
    const c = clusters[best]!;
    c.members.push(i);
    for (const [t, w] of v) {
      const old = c.sum.get(t) ?? 0;
      c.norm2 += 2 * old * w + w * w;
      c.sum.set(t, old + w);
    }
    for (const t of top) {
      const set = byTerm.get(t);
      if (set) set.add(best);
      else byTerm.set(t, new Set([best]));
    }
  });
  return clusters;
}

function dot(a: Vector, b: Vector): number {
  let s = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [t, w] of small) {
    const x = large.get(t);
    if (x !== undefined) s += w * x;
  }
  return s;
}

function daysIn(month: string): number {
  return (monthStart(month, 0, 1).getTime() - monthStart(month, 0).getTime()) / 86_400_000;
}
