import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatLocal, parseCalendar } from './calendar.js';
import { chooseTier, dueAt, parseDeadlinePolicy, remainingMs, warnAt, type DeadlinePolicy, type Stage, type Tier } from './deadlines.js';

const readPack = (file: string) => JSON.parse(readFileSync(new URL(`../../../packs/beijing/hotline/${file}`, import.meta.url), 'utf8')) as unknown;
const cal = parseCalendar(readPack('calendar.json'));
const policy = parseDeadlinePolicy(readPack('deadlines.json'));

const bj = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const fmt = (d: Date) => formatLocal(cal, d);
const tier = (code: string) => policy.tiers.find((t) => t.code === code)!;
const H = 3_600_000;
const stages: Stage[] = ['response', 'handling', 'callback'];

describe('the Beijing deadlines.json', () => {
  it('parses, with six tiers and six rules ending in a default', () => {
    expect(policy.tiers.map((t) => t.code)).toEqual(['critical', 'utility', 'urgent', 'general', 'complex', 'inquiry']);
    expect(policy.rules).toHaveLength(6);
    expect(policy.rules.at(-1)).toEqual({ tier: 'general' });
    expect(policy.maxExtensions).toBe(2);
    expect(policy.piiRetentionDays).toBe(730);
  });

  it.each([
    ['critical', '30 minutes calendar', '2 hours calendar', '24 hours calendar'],
    ['utility', '1 hours calendar', '24 hours calendar', '1 days working'],
    ['urgent', '2 hours calendar', '3 days calendar', '1 days working'],
    ['general', '2 hours working', '7 days calendar', '2 days working'],
    ['complex', '4 hours working', '15 days calendar', '3 days working'],
    ['inquiry', '2 hours working', '3 days working', '2 days working'],
  ])('tier %s: response %s, handling %s, callback %s', (code, response, handling, callback) => {
    const t = tier(code);
    const show = (s: Stage) => `${t[s].amount} ${t[s].unit} ${t[s].basis}`;
    expect([show('response'), show('handling'), show('callback')]).toEqual([response, handling, callback]);
    expect(t.warnAtRemaining).toBe(0.2);
  });

  it('gives every tier a due date and a warning before it at every stage', () => {
    for (const t of policy.tiers)
      for (const stage of stages) {
        const from = bj('2026-09-30 16:00');
        const due = dueAt(cal, t, stage, from);
        const warn = warnAt(cal, t, stage, from, due);
        expect(due.getTime()).toBeGreaterThan(from.getTime());
        expect(warn.getTime()).toBeGreaterThan(from.getTime());
        expect(warn.getTime()).toBeLessThan(due.getTime());
      }
  });
});

describe('chooseTier', () => {
  it.each([
    [{ kind: 'inquiry', urgency: 'critical' }, 'critical', 'deadline rule 1: urgency critical → critical'],
    [{ kind: 'complaint', urgency: 'urgent' }, 'urgent', 'deadline rule 2: urgency urgent → urgent'],
    [{ kind: 'report', urgency: 'urgent' }, 'urgent', 'deadline rule 2: urgency urgent → urgent'],
    [{ kind: 'inquiry', urgency: 'normal' }, 'inquiry', 'deadline rule 3: kind inquiry → inquiry'],
    [{ kind: 'report', urgency: 'normal' }, 'complex', 'deadline rule 4: kind report → complex'],
    [{ kind: 'suggestion', urgency: 'normal' }, 'complex', 'deadline rule 5: kind suggestion → complex'],
    [{ kind: 'complaint', urgency: 'normal' }, 'general', 'deadline rule 6: any case → general'],
    [{ kind: 'help', urgency: 'normal' }, 'general', 'deadline rule 6: any case → general'],
  ] as const)('%o → %s', (c, code, reason) => {
    expect(chooseTier(policy, { ...c, categoryCode: '010203' })).toEqual({ tier: tier(code), reason });
  });

  it("lets a category's forced tier win over every rule", () => {
    expect(chooseTier(policy, { kind: 'inquiry', urgency: 'critical', categoryCode: '010203', categoryTier: 'utility' })).toEqual({ tier: tier('utility'), reason: 'category 010203 forces tier utility' });
    expect(chooseTier(policy, { kind: 'help', urgency: 'normal', categoryCode: '020101', categoryTier: 'critical' }).reason).toBe('category 020101 forces tier critical');
  });

  it('falls to the rules when the category forces nothing', () => {
    expect(chooseTier(policy, { kind: 'help', urgency: 'normal', categoryCode: '010203', categoryTier: null }).tier.code).toBe('general');
    expect(chooseTier(policy, { kind: 'help', urgency: 'normal', categoryCode: null }).tier.code).toBe('general');
  });

  it('refuses a forced tier the policy does not define', () => {
    expect(() => chooseTier(policy, { kind: 'help', urgency: 'normal', categoryCode: '010203', categoryTier: 'nope' })).toThrow(expect.objectContaining({ kind: 'invalid', field: 'categoryTier' }));
  });

  it('matches a rule category by code prefix, and all of its conditions', () => {
    const p = parseDeadlinePolicy({
      tiers: [tierInput('a'), tierInput('b'), tierInput('c')],
      rules: [{ category: '0102', kind: 'complaint', tier: 'a' }, { category: '01', tier: 'b' }, { tier: 'c' }],
    });
    expect(chooseTier(p, { kind: 'complaint', urgency: 'normal', categoryCode: '010203' }).reason).toBe('deadline rule 1: kind complaint, category 0102 → a');
    expect(chooseTier(p, { kind: 'help', urgency: 'normal', categoryCode: '010203' }).tier.code).toBe('b');
    expect(chooseTier(p, { kind: 'complaint', urgency: 'normal', categoryCode: '01' }).tier.code).toBe('b');
    expect(chooseTier(p, { kind: 'complaint', urgency: 'normal', categoryCode: '020101' }).tier.code).toBe('c');
    expect(chooseTier(p, { kind: 'complaint', urgency: 'normal', categoryCode: null }).tier.code).toBe('c');
  });

  it('throws when no rule matches a policy built without a default', () => {
    const p = { ...policy, rules: [{ urgency: 'critical', tier: 'critical' }] } as DeadlinePolicy;
    expect(() => chooseTier(p, { kind: 'help', urgency: 'normal', categoryCode: null })).toThrow(expect.objectContaining({ field: 'deadlines.json:rules' }));
  });
});

describe('dueAt', () => {
  it.each([
    ['critical', 'response', '2026-02-16 03:10', '2026-02-16T03:40:00+08:00'],
    ['critical', 'handling', '2026-10-01 23:00', '2026-10-02T01:00:00+08:00'],
    ['utility', 'handling', '2026-02-15 08:00', '2026-02-16T08:00:00+08:00'],
    ['utility', 'callback', '2026-02-13 10:00', '2026-02-14T17:30:00+08:00'],
    ['general', 'response', '2026-02-13 16:30', '2026-02-14T10:00:00+08:00'],
    ['general', 'handling', '2026-02-13 10:00', '2026-02-20T10:00:00+08:00'],
    ['general', 'callback', '2026-02-14 16:00', '2026-02-25T17:30:00+08:00'],
    ['complex', 'response', '2026-09-30 15:00', '2026-10-08T10:30:00+08:00'],
    ['complex', 'handling', '2026-09-18 15:00', '2026-10-03T15:00:00+08:00'],
    ['inquiry', 'handling', '2026-09-29 10:00', '2026-10-09T17:30:00+08:00'],
  ] as const)('%s %s from %s → %s', (code, stage, from, due) => {
    expect(fmt(dueAt(cal, tier(code), stage, bj(from)))).toBe(due);
  });
});

describe('warnAt', () => {
  it('warns at 80% of elapsed time on the calendar basis', () => {
    const from = bj('2026-03-03 10:00');
    const due = dueAt(cal, tier('critical'), 'handling', from);
    expect(fmt(warnAt(cal, tier('critical'), 'handling', from, due))).toBe('2026-03-03T11:36:00+08:00');
  });

  it('warns when a fifth of the working time is left, across lunch', () => {
    const from = bj('2026-03-03 11:00');
    const due = dueAt(cal, tier('general'), 'response', from);
    expect(fmt(due)).toBe('2026-03-03T14:30:00+08:00');
    const warn = warnAt(cal, tier('general'), 'response', from, due);
    expect(fmt(warn)).toBe('2026-03-03T14:06:00+08:00');
    expect(remainingMs(cal, 'working', warn, due)).toBe(24 * 60_000);
  });

  it('warns on working days from the working time between start and due', () => {
    // Fri 10:00–17:30 (6 h) + the make-up Saturday (7 h) + Tue 24 Feb (7 h) = 20 h; 16 h done, 4 h left, at 12:00
    const from = bj('2026-02-13 10:00');
    const due = dueAt(cal, tier('general'), 'callback', from);
    expect(fmt(due)).toBe('2026-02-24T17:30:00+08:00');
    const warn = warnAt(cal, tier('general'), 'callback', from, due);
    expect(fmt(warn)).toBe('2026-02-24T12:00:00+08:00');
    expect(remainingMs(cal, 'working', warn, due)).toBe(4 * H);
  });

  it('warns at the due time when nothing is to be left, at the start when all is', () => {
    const from = bj('2026-03-03 11:00');
    const due = bj('2026-03-03 14:30');
    const at = (left: number, code: string) => fmt(warnAt(cal, { ...tier(code), warnAtRemaining: left } as Tier, 'response', from, due));
    expect(at(0, 'general')).toBe('2026-03-03T14:30:00+08:00');
    expect(at(1, 'general')).toBe('2026-03-03T11:00:00+08:00');
    expect(at(0, 'critical')).toBe('2026-03-03T14:30:00+08:00');
    expect(at(0.5, 'critical')).toBe('2026-03-03T12:45:00+08:00');
    // 1 h of 2 working hours is done at 12:00, the earliest moment with half left
    expect(at(0.5, 'general')).toBe('2026-03-03T12:00:00+08:00');
  });
});

describe('remainingMs', () => {
  it('is due − now on the calendar basis, negative when overdue', () => {
    expect(remainingMs(cal, 'calendar', bj('2026-02-20 08:00'), bj('2026-02-20 10:00'))).toBe(2 * H);
    expect(remainingMs(cal, 'calendar', bj('2026-02-20 11:00'), bj('2026-02-20 10:00'))).toBe(-1 * H);
  });

  it('counts working time on the working basis, negative when overdue', () => {
    expect(remainingMs(cal, 'working', bj('2026-02-24 17:00'), bj('2026-02-24 17:30'))).toBe(0.5 * H);
    expect(remainingMs(cal, 'working', bj('2026-02-25 10:00'), bj('2026-02-24 17:30'))).toBe(-1 * H);
    expect(remainingMs(cal, 'working', bj('2026-02-20 10:00'), bj('2026-02-24 10:00'))).toBe(1 * H);
  });
});

describe('parseDeadlinePolicy names the field at fault', () => {
  const valid = () => ({ tiers: [tierInput('a'), tierInput('b')], rules: [{ urgency: 'critical', tier: 'a' }, { tier: 'b' }] as Record<string, unknown>[] });
  type Input = ReturnType<typeof valid>;

  it.each([
    ['a non-object', () => 42, '', ''],
    ['an unknown field', (f) => Object.assign(f, { extra: true }), 'extra', ''],
    ['no tiers', (f) => void (f.tiers = []), 'tiers', ''],
    ['a tier without a name', (f) => void delete (f.tiers[0] as Partial<Tier>).name, 'tiers.0.name', ''],
    ['a bad tier code', (f) => void (f.tiers[0]!.code = 'A b'), 'tiers.0.code', ''],
    ['a bad unit', (f) => void ((f.tiers[1]!.handling as { unit: string }).unit = 'weeks'), 'tiers.1.handling.unit', ''],
    ['a zero amount', (f) => void (f.tiers[1]!.response.amount = 0), 'tiers.1.response.amount', ''],
    ['fractional working days', (f) => void (f.tiers[0]!.callback = { amount: 1.5, unit: 'days', basis: 'working' }), 'tiers.0.callback.amount', 'whole number'],
    ['a duplicate tier code', (f) => void (f.tiers[1]!.code = 'a'), 'tiers.1.code', 'defined twice'],
    ['a bad rule category', (f) => void (f.rules[0]!.category = '1'), 'rules.0.category', ''],
    ['a rule naming an unknown tier', (f) => void (f.rules[0]!.tier = 'zzz'), 'rules.0.tier', 'no tier zzz'],
    ['a last rule with a condition', (f) => void (f.rules[1]!.kind = 'help'), 'rules.1', 'last rule must have no condition'],
    ['an unconditional rule before the last', (f) => void f.rules.unshift({ tier: 'a' }), 'rules.0', 'never apply'],
  ] as [string, (f: Input) => unknown, string, string][])('%s → %s', (_name, mutate, path, text) => {
    const f = valid();
    const input = mutate(f) ?? f;
    let err: unknown;
    try {
      parseDeadlinePolicy(input);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ kind: 'invalid', field: `deadlines.json:${path}` });
    expect((err as Error).message.startsWith(`deadlines.json: ${path || '(root)'}: `)).toBe(true);
    expect((err as Error).message).toContain(text);
  });

  it('defaults warnAtRemaining, maxExtensions and piiRetentionDays', () => {
    const p = parseDeadlinePolicy(valid());
    expect(p.tiers[0]!.warnAtRemaining).toBe(0.2);
    expect(p.maxExtensions).toBe(2);
    expect(p.piiRetentionDays).toBe(730);
  });
});

function tierInput(code: string) {
  return {
    code,
    name: code,
    nameEn: code,
    response: { amount: 2, unit: 'hours', basis: 'working' },
    handling: { amount: 7, unit: 'days', basis: 'calendar' },
    callback: { amount: 1, unit: 'days', basis: 'working' },
  } as { code: string; name: string; nameEn: string; response: { amount: number; unit: string; basis: string }; handling: { amount: number; unit: string; basis: string }; callback: { amount: number; unit: string; basis: string } };
}
