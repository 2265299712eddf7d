import type { Category } from './catalog.js';
import type { CaseKind } from './pack-schema.js';

/**
 * The rhythms of SYNTHETIC hotline traffic: which categories are called about, on which
 * days, at which hours, in which season. Pure: plain data in, numbers out. The weights are
 * this generator's plausible choices, not measurements: housing and urban management,
 * market supervision, utilities, transport and labour lead, as in the annual summaries of
 * city hotlines; heating in winter, noise and flooding in summer, catkins in spring.
 */

/** Relative weight of a level-1 category, by its name; unknown names weigh `defaultTopWeight`. */
export const topWeights: Readonly<Record<string, number>> = {
  城乡建设: 18,
  环境保护: 8,
  交通运输: 9,
  商贸旅游: 3,
  市场监管: 10,
  水电气热: 9,
  卫生健康: 6,
  劳动和社会保障: 8,
  教育文体: 6,
  民政: 4,
  公共安全: 7,
  农村农业: 2,
  政务服务: 8,
  其他: 2,
};
const defaultTopWeight = 5;

/** Month multipliers (January first) for categories whose path names one of the words. */
export const seasons: readonly { words: readonly string[]; months: readonly number[] }[] = [
  { words: ['供暖', '暖气', '采暖', '停暖'], months: [4, 3, 2.5, 0.3, 0.1, 0.1, 0.1, 0.1, 0.2, 1, 5, 4.5] },
  { words: ['积雪', '除雪', '扫雪'], months: [6, 5, 1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 1, 6] },
  { words: ['噪声', '噪音'], months: [0.7, 0.7, 0.9, 1, 1.3, 1.8, 1.8, 1.8, 1.3, 1, 0.8, 0.7] },
  { words: ['积水', '排水', '雨水'], months: [0.3, 0.3, 0.5, 0.7, 1, 1.5, 3, 3, 1.5, 0.7, 0.4, 0.3] },
  { words: ['飞絮', '病虫害'], months: [0.3, 0.3, 1, 4, 4, 1, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3] },
  { words: ['烧烤', '油烟'], months: [0.6, 0.6, 0.8, 1, 1.3, 1.6, 1.6, 1.6, 1.4, 1, 0.7, 0.6] },
  { words: ['停电'], months: [1, 1, 1, 1, 1, 1.3, 1.6, 1.6, 1.1, 1, 1, 1] },
  { words: ['入学', '入园'], months: [0.5, 0.5, 1, 2.5, 2.5, 2.5, 2.5, 1.5, 1, 0.5, 0.5, 0.5] },
  { words: ['烟花爆竹'], months: [5, 5, 0.5, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.5, 2] },
];

/** Day-of-week multipliers, Sunday first: fewer calls at weekends. */
export const weekdayFactors: readonly number[] = [0.72, 1.12, 1.06, 1.03, 1.02, 0.98, 0.75];

/** Relative call volume by local hour: a morning and an afternoon peak, quiet nights. */
export const hourWeights: readonly number[] = [0.6, 0.4, 0.3, 0.25, 0.3, 0.6, 1.5, 3.5, 6.5, 8.5, 9, 8, 6.5, 7, 8, 8.5, 8, 7, 5.5, 5, 4.5, 3.5, 2, 1.2];

const inquiryPath = /政务|咨询|办事|政策|登记|证|保险|医保|社保|公积金|入学|入园|指标|补贴/;

/** The leaf categories a generator draws from, with their weight in a month (1–12). */
export function categoryWeights(categories: Iterable<Category>, month: number): { code: string; weight: number }[] {
  const all = [...categories];
  const parents = new Set(all.map((c) => c.parent).filter((p): p is string => p !== null));
  const leaves = all.filter((c) => !parents.has(c.code));
  // A level-1 category's weight is shared by its leaves, so deep branches are not favoured.
  const top = (c: Category) => c.path.split('/')[0]!;
  const leavesUnder = new Map<string, number>();
  for (const c of leaves) leavesUnder.set(top(c), (leavesUnder.get(top(c)) ?? 0) + 1);
  return leaves.map((c) => ({ code: c.code, weight: ((topWeights[top(c)] ?? defaultTopWeight) / leavesUnder.get(top(c))!) * seasonFactor(c.path, month) }));
}

/** The seasonal multiplier of a category path in a month (1–12); 1 when no season applies. */
export function seasonFactor(path: string, month: number): number {
  const s = seasons.find((x) => x.words.some((w) => path.includes(w)));
  return s ? s.months[month - 1]! : 1;
}

/** The kind of request a caller makes about a category: inquiries about services, complaints about places. */
export function drawKind(path: string, u: number): CaseKind {
  const table: [CaseKind, number][] = inquiryPath.test(path)
    ? [['inquiry', 0.55], ['help', 0.2], ['complaint', 0.2], ['suggestion', 0.05]]
    : [['complaint', 0.45], ['help', 0.4], ['inquiry', 0.05], ['report', 0.05], ['suggestion', 0.05]];
  for (const [kind, p] of table) if ((u -= p) < 0) return kind;
  return table[0]![0];
}

/** Picks an index with probability proportional to its weight, from a cumulative table. */
export function drawIndex(cumulative: Float64Array, u: number): number {
  const target = u * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The running sums of weights, for `drawIndex`. */
export function cumulate(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += Math.max(0, w)));
  return out;
}

const places = ['小区', '路口', '商业街', '学校附近', '公交站旁', '公园', '居民楼', '菜市场周边', '工地旁', '写字楼'];
const asks = ['希望尽快处理。', '请相关部门核实处理。', '已持续多日，影响生活。', '多次反映未解决。', '希望给予答复。'];

/** A title and description for a synthetic case: plainly templated, marked as generated. */
export function syntheticText(category: Category, district: string | null, u: () => number): { title: string; description: string } {
  const place = `${district ?? ''}某${places[Math.floor(u() * places.length)]!}`;
  const ask = asks[Math.floor(u() * asks.length)]!;
  return { title: `${place}${category.name}`, description: `【合成数据】市民来电反映：${place}${category.name}问题。${ask}` };
}
