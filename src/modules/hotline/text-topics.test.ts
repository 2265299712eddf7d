import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { sharedDataDir } from '../../../test/support/env.js';
import { parseSheetTime } from './sheet-time.js';
import { textTopics, type TextMessage } from './text-topics.js';

let n = 0;
const msg = (title: string, text: string, day: string): TextMessage => ({ id: `m${++n}`, title, text, at: new Date(`${day}T04:00:00Z`) });

describe('textTopics', () => {
  const filler = ['请问公积金怎么提取', '居住证办理需要什么材料', '学校周边交通拥堵', '公交线路调整建议', '医保异地报销流程', '出租车拒载投诉'];
  const messages = [
    ...Array.from({ length: 12 }, (_, i) => msg(`幸福里小区搅拌站噪音扰民${i % 3 ? '' : '严重'}`, '幸福里小区旁边的搅拌站夜间施工，噪音很大，影响休息。', `2026-11-${String(i + 1).padStart(2, '0')}`)),
    msg('幸福里小区搅拌站噪音', '搅拌站噪音又来了', '2026-10-05'),
    ...['2026-08', '2026-09', '2026-10', '2026-11'].flatMap((m) => [msg('光明路菜市场门口占道经营', '光明路菜市场门口小贩占道经营，堵塞交通。', `${m}-10`), msg('光明路菜市场占道经营', '菜市场门口占道经营问题反复出现', `${m}-20`)]),
    ...filler.map((t, i) => msg(t, t, `2026-1${i % 2}-0${i + 1}`)),
  ];
  const found = textTopics(messages, { minSize: 3, recurMonths: 3 });

  it('finds the topic that rose, with its month, evidence titles and terms', () => {
    const top = found.rising[0]!;
    expect(top.month).toBe('2026-11');
    expect(top.size).toBe(13);
    expect(top.titles[0]).toMatch(/搅拌站/);
    expect(top.terms.join('')).toMatch(/搅拌|拌站/);
    expect(top.months).toEqual([{ month: '2026-10', count: 1 }, { month: '2026-11', count: 12 }]);
  });

  it('finds the topic that recurs every month', () => {
    expect(found.recurring[0]).toMatchObject({ size: 8, score: 4, title: expect.stringMatching(/光明路菜市场/) });
  });

  it('leaves one-off messages out', () => {
    expect(found.topics).toBe(2);
  });

  it('is deterministic', () => {
    expect(textTopics([...messages].reverse(), { minSize: 3 })).toEqual(found);
  });
});

// The TipDM 2020 citizen messages of "A市" (attachment 3, 4,326 messages, 2019-01 … 2020-01, and one of 2017).
const data = sharedDataDir();
const file = data ? path.join(data, 'citizen-messages', 'attachment3_messages_with_votes_full.csv') : null;
describe.skipIf(!file)('textTopics on real citizen messages', () => {
  it('reports rising and recurring topics of at least 3 messages, with evidence titles', () => {
    const rows = parse(readFileSync(file!), { columns: true }) as Record<string, string>[];
    const messages = rows.map((r) => ({ id: r['留言编号']!, title: r['留言主题']!.trim(), text: r['留言详情']!.trim(), at: parseSheetTime(r['留言时间']!)! }));
    expect(messages).toHaveLength(4326);
    expect(messages.every((m) => m.at && m.at.getUTCFullYear() >= 2017 && m.at.getUTCFullYear() <= 2020)).toBe(true);
    const started = performance.now();
    const found = textTopics(messages);
    const ms = Math.round(performance.now() - started);
    const show = (label: string, list: typeof found.rising) =>
      list.map((t, i) => `${label} ${i + 1}. [${t.month}, ${t.size} messages, score ${t.score}] ${t.terms.join(' ')}\n     ${t.titles.slice(0, 3).join(' | ')}`).join('\n');
    console.log(`text topics of ${messages.length} messages in ${ms} ms: ${found.topics} topics of ≥ 3 messages\n${show('rising', found.rising)}\n${show('recurring', found.recurring)}`);
    expect(found.rising).toHaveLength(10);
    expect(found.recurring).toHaveLength(10);
    for (const t of [...found.rising, ...found.recurring]) {
      expect(t.size).toBeGreaterThanOrEqual(3);
      expect(t.titles.length).toBeGreaterThanOrEqual(3);
      expect(t.messageIds.every((id) => rows.some((r) => r['留言编号'] === id))).toBe(true);
    }
    // The board's best-known rising complaint: parking spaces sold bundled at 伊景园滨河苑 (August 2019).
    expect(found.rising[0]!.titles.join('')).toMatch(/伊景园滨河苑/);
  }, 60_000);
});
