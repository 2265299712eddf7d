import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../core/errors.js';
import { mulberry32 } from '../../core/geo/seeded-random.js';
import { groupDuplicates, groupThreshold, type GroupMessage } from './duplicates.js';

/**
 * The evaluation of duplicate grouping on real citizens' messages with a ground truth: plant
 * reworded near-copies of a seeded sample among all the messages, group them, and count how
 * many planted pairs come out (recall) and how many pairs with a copy are right (precision).
 * The unit test and `bench/duplicates.bench.ts` run it on the shared real data.
 */

/** A real message of the message board (附件3: 留言编号, 留言主题, 留言详情 …). */
export interface BoardMessage {
  id: string;
  title: string;
  detail: string;
}

/** Reads messages from a CSV with the columns 留言编号, 留言主题, 留言详情 (UTF-8, RFC 4180). */
export async function readBoardMessages(file: string): Promise<BoardMessage[]> {
  const rows = parse(await readFile(file), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const first = rows[0];
  for (const c of ['留言编号', '留言主题', '留言详情']) if (first && !(c in first)) throw new AppError('invalid', `${file} has no column ${c}`, { field: c });
  return rows.map((r) => ({ id: r['留言编号']!.trim(), title: r['留言主题']!.trim(), detail: r['留言详情']!.replace(/\s+/g, ' ').trim() }));
}

/** A near-copy planted in the set: a new id, the id of the message it copies, its text. */
export interface PlantedCopy extends BoardMessage {
  of: string;
}

// What a second citizen writing about the same thing says differently.
const synonyms: [string, string][] = [
  ['小区', '社区'],
  ['反映', '投诉'],
  ['希望', '请求'],
  ['尽快', '马上'],
  ['居民', '住户'],
  ['解决', '处理'],
  ['目前', '现在'],
  ['严重', '厉害'],
  ['相关部门', '有关部门'],
  ['请问', '想问一下'],
];
const greetings = ['您好，', '尊敬的领导：', '领导您好！', ''];
const greeting = /^(尊敬的[^，,：:！!。]{0,12}[，,：:！!]|[^，,：:！!。]{0,6}(您好|你好)[，,：:！!]?)\s*/u;

/**
 * Near-copies of `count` messages drawn with a seed: the detail without its greeting,
 * truncated to 60–80 %, reworded with a few synonyms, its sentences shuffled, another
 * greeting (or none) in front; the title reworded.
 */
export function plantCopies(messages: readonly BoardMessage[], { seed, count = 200 }: { seed: number; count?: number }): PlantedCopy[] {
  const random = mulberry32(seed);
  const pool = [...messages];
  const copies: PlantedCopy[] = [];
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    const pick = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[pick]] = [pool[pick]!, pool[i]!];
    const m = pool[i]!;
    const had = m.detail.match(greeting)?.[0] ?? '';
    const chars = Array.from(m.detail.slice(had.length));
    const kept = reword(chars.slice(0, Math.max(1, Math.round(chars.length * (0.6 + 0.2 * random())))).join(''));
    const sentences = kept.split(/(?<=[。！？!?；;])/u).filter((s) => s.trim());
    for (let j = sentences.length - 1; j > 0; j--) {
      const k = Math.floor(random() * (j + 1));
      [sentences[j], sentences[k]] = [sentences[k]!, sentences[j]!];
    }
    const others = greetings.filter((g) => g.replace(/[，：！]/g, '') !== had.replace(/[\s，,：:！!]/g, ''));
    copies.push({ id: `copy-${m.id}`, of: m.id, title: reword(m.title), detail: others[Math.floor(random() * others.length)]! + sentences.join('') });
  }
  return copies;
}

function reword(text: string): string {
  return synonyms.reduce((s, [from, to]) => s.replaceAll(from, to), text);
}

/** A group found among the real messages themselves. */
export interface RealGroup {
  size: number;
  messages: { id: string; title: string }[];
}

/** What the evaluation found. */
export interface DuplicateEvaluation {
  messages: number;
  planted: number;
  threshold: number;
  /**
   * Right pairs / predicted pairs with at least one copy. A pair is right when it is a planted
   * pair, or joins a copy to a message grouped with its original among the real messages
   * alone (the real messages duplicate each other too: that is not the copy's fault).
   */
  precision: number;
  /** Planted pairs / predicted pairs with at least one copy: every other pair counted wrong. */
  strictPrecision: number;
  /** Planted pairs grouped together / planted pairs. */
  recall: number;
  /** Predicted pairs with at least one copy; of them planted pairs, and pairs of a copy with a real duplicate of its original; pairs of two real messages. */
  pairs: { predicted: number; planted: number; realDuplicateOfOriginal: number; realAmongThemselves: number };
  realGroups: { count: number; largest: RealGroup[] };
  ms: number;
}

const text = (m: BoardMessage) => `${m.title}\n${m.detail}`;

/** Plants copies among the messages, groups them all by text, and scores the grouping pairwise. */
export function evaluateGrouping(real: readonly BoardMessage[], { seed, count = 200, threshold = groupThreshold, show = 10 }: { seed: number; count?: number; threshold?: number; show?: number }): DuplicateEvaluation {
  const started = performance.now();
  const copies = plantCopies(real, { seed, count });
  const all: GroupMessage[] = [...real, ...copies].map((m) => ({ id: m.id, text: text(m) }));
  const { groups } = groupDuplicates(all, { threshold });
  const original = new Map(copies.map((c) => [c.id, c.of]));
  // The groups of the real messages alone say which real messages already were one request.
  const realOnly = groupDuplicates(real.map((m) => ({ id: m.id, text: text(m) })), { threshold });
  const realGroupOf = new Map<string, number>();
  realOnly.groups.forEach((g, i) => g.forEach((id) => realGroupOf.set(id, i)));

  let predicted = 0;
  let correct = 0;
  let realPairs = 0;
  let nearMiss = 0;
  const found = new Set<string>();
  for (const g of groups) {
    for (let i = 0; i < g.length; i++) {
      for (let j = i + 1; j < g.length; j++) {
        const [a, b] = [g[i]!, g[j]!];
        const [oa, ob] = [original.get(a), original.get(b)];
        if (oa === undefined && ob === undefined) {
          realPairs++;
          continue;
        }
        predicted++;
        if (oa === b || ob === a) {
          correct++;
          found.add(oa ?? ob!);
          continue;
        }
        const [x, y] = [oa ?? a, ob ?? b];
        if (realGroupOf.has(x) && realGroupOf.get(x) === realGroupOf.get(y)) nearMiss++;
      }
    }
  }
  const titles = new Map(real.map((m) => [m.id, m.title]));
  return {
    messages: all.length,
    planted: copies.length,
    threshold,
    precision: predicted ? (correct + nearMiss) / predicted : 1,
    strictPrecision: predicted ? correct / predicted : 1,
    recall: copies.length ? found.size / copies.length : 1,
    pairs: { predicted, planted: correct, realDuplicateOfOriginal: nearMiss, realAmongThemselves: realPairs },
    realGroups: {
      count: realOnly.groups.length,
      largest: realOnly.groups.slice(0, show).map((g) => ({ size: g.length, messages: g.map((id) => ({ id, title: titles.get(id)! })) })),
    },
    ms: Math.round(performance.now() - started),
  };
}
