import { describe, expect, it } from 'vitest';
import { topicCandidates, type TopicCase } from './topics.js';
import { riseScore } from './rate-change.js';

// Cases at local noon (+08:00) of given days.
const at = (day: string) => new Date(`${day}T04:00:00Z`);
let n = 0;
const cases = (count: number, category: string, region: string | null, month: string): TopicCase[] =>
  Array.from({ length: count }, (_, i) => ({ id: `c${++n}`, category, region, at: at(`${month}-${String((i % 27) + 1).padStart(2, '0')}`) }));

describe('topicCandidates', () => {
  const data = [
    // Heating in one street: 2 → 3 → 30, the sharpest rise.
    ...cases(2, '060401', '110105001', '2026-09'),
    ...cases(3, '060401', '110105001', '2026-10'),
    ...cases(30, '060401', '110105001', '2026-11'),
    // Noise in a district: steady, 12 a month: recurring, not rising.
    ...cases(12, '020104', '110108', '2026-09'),
    ...cases(12, '020104', '110108', '2026-10'),
    ...cases(12, '020104', '110108', '2026-11'),
    // Parking: falls.
    ...cases(40, '030102', '110101', '2026-10'),
    ...cases(11, '030102', '110101', '2026-11'),
  ];
  const found = topicCandidates(data, { month: '2026-11', utcOffsetMinutes: 480 });

  it('ranks the sharpest rise first, in the smallest place that holds all of it, with the month counts and evidence', () => {
    expect(found.rising.map((c) => `${c.category}@${c.place ?? 'city'}`)).toEqual(['060401@110105001']);
    const top = found.rising[0]!;
    expect(top).toMatchObject({ level: 'street', count: 30, before: 3, months: [{ month: '2026-09', count: 2 }, { month: '2026-10', count: 3 }, { month: '2026-11', count: 30 }] });
    // November has 30 days to October's 31.
    expect(top.score).toBeCloseTo(riseScore(30, 3, 30, 31), 2);
    expect(top.caseIds).toHaveLength(10);
  });

  it('lists what comes back every month above the floor, and not what fell, rose from nothing or held steady', () => {
    const recurring = found.recurring.map((c) => `${c.category}@${c.place ?? 'city'}`);
    expect(recurring).toEqual(['020104@110108']);
    expect(found.recurring[0]!.score).toBe(12);
  });

  it('compares a month not over yet for the part elapsed', () => {
    // By 16 November, 16 cases is twice October's pace of 12 in the month; in a whole month it would be no rise.
    const november = cases(16, '010101', '110101', '2026-11').map((c) => ({ ...c, at: at('2026-11-10') }));
    const options = { month: '2026-11', utcOffsetMinutes: 480, minCount: 5 };
    expect(topicCandidates([...cases(12, '010101', '110101', '2026-10'), ...november], options).rising).toEqual([]);
    const partial = topicCandidates([...cases(12, '010101', '110101', '2026-10'), ...november], {
      ...options,
      asOf: new Date('2026-11-15T16:00:00Z'),
    });
    expect(partial.rising[0]?.score).toBeGreaterThan(2);
  });

  it('counts a month before the first case as unknown, not as quiet', () => {
    // The data starts on 28 October: 5 cases in its last 4 days is a faster pace than 30 in November.
    const october = cases(5, '060401', '110105', '2026-10').map((c) => ({ ...c, at: at('2026-10-29') }));
    const data = [...october, ...cases(30, '060401', '110105', '2026-11')];
    const options = { month: '2026-11', utcOffsetMinutes: 480, recurMonths: 2 };
    expect(topicCandidates(data, options).rising).toHaveLength(1);
    const known = topicCandidates(data, { ...options, dataFrom: new Date('2026-10-27T16:00:00Z') });
    expect(known.rising).toEqual([]);
    expect(known.recurring.map((c) => c.place)).toEqual(['110105']);
  });

  it('tells places apart: two streets rising in one district are two candidates, and the district a third', () => {
    const two = topicCandidates([...cases(2, '010101', '110105001', '2026-10'), ...cases(15, '010101', '110105001', '2026-11'), ...cases(2, '010101', '110105002', '2026-10'), ...cases(15, '010101', '110105002', '2026-11')], { month: '2026-11', utcOffsetMinutes: 480 });
    expect(two.rising.map((c) => c.place ?? 'city').sort()).toEqual(['110105', '110105001', '110105002']);
  });
});
