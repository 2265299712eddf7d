import type { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { addLimit, msBetween, workingMsBetween, type Basis, type WorkingCalendar } from './calendar.js';
import { deadlinesFileSchema, type CaseKind, type Urgency } from './pack-schema.js';

/**
 * The deadline policy of a city pack (`hotline/deadlines.json`): tiers of limits, and the rules
 * that give a case its tier. Pure: Date in, Date out.
 */

export type DeadlinePolicy = z.infer<typeof deadlinesFileSchema>;
export type Tier = DeadlinePolicy['tiers'][number];
/** 签收 response after dispatch, 答复 handling after dispatch, 回访 callback after the reply. */
export type Stage = 'response' | 'handling' | 'callback';

const stages: Stage[] = ['response', 'handling', 'callback'];

/** Checks a `deadlines.json`: its schema, unique tier codes, known tiers in rules, and a last rule without condition. */
export function parseDeadlinePolicy(raw: unknown): DeadlinePolicy {
  const parsed = deadlinesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail([...issue.path, ...(issue.code === 'unrecognized_keys' ? [issue.keys[0]!] : [])], issue.message);
  }
  const policy = parsed.data;
  const codes = new Set<string>();
  policy.tiers.forEach((tier, i) => {
    if (codes.has(tier.code)) fail(['tiers', i, 'code'], `tier ${tier.code} is defined twice`);
    codes.add(tier.code);
    for (const stage of stages) {
      const { amount, unit, basis } = tier[stage];
      if (unit === 'days' && basis === 'working' && !Number.isInteger(amount)) fail(['tiers', i, stage, 'amount'], `working days must be a whole number, not ${amount}; use hours for part of a day`);
    }
  });
  const last = policy.rules.length - 1;
  policy.rules.forEach((rule, i) => {
    if (!codes.has(rule.tier)) fail(['rules', i, 'tier'], `no tier ${rule.tier} (tiers: ${[...codes].join(', ')})`);
    if (i < last && conditions(rule).length === 0) fail(['rules', i], `rule ${i + 1} has no condition, so the rules after it never apply`);
  });
  if (conditions(policy.rules[last]!).length > 0) fail(['rules', last], 'the last rule must have no condition, so that every case gets a tier');
  return policy;
}

/** The tier of a case: its category's forced tier, else the first rule whose conditions all hold. */
export function chooseTier(
  policy: DeadlinePolicy,
  c: { kind: CaseKind; urgency: Urgency; categoryCode: string | null; categoryTier?: string | null },
): { tier: Tier; reason: string } {
  if (c.categoryTier) {
    const tier = policy.tiers.find((t) => t.code === c.categoryTier);
    if (!tier) throw new AppError('invalid', `category ${c.categoryCode ?? ''} forces tier ${c.categoryTier}, which deadlines.json does not define`, { field: 'categoryTier' });
    return { tier, reason: `category ${c.categoryCode ?? '(none)'} forces tier ${tier.code}` };
  }
  for (const [i, rule] of policy.rules.entries()) {
    if (rule.kind !== undefined && rule.kind !== c.kind) continue;
    if (rule.urgency !== undefined && rule.urgency !== c.urgency) continue;
    if (rule.category !== undefined && !c.categoryCode?.startsWith(rule.category)) continue;
    const tier = policy.tiers.find((t) => t.code === rule.tier);
    if (!tier) throw new AppError('invalid', `deadline rule ${i + 1} names tier ${rule.tier}, which is not defined`, { field: `deadlines.json:rules.${i}.tier` });
    const when = conditions(rule).join(', ') || 'any case';
    return { tier, reason: `deadline rule ${i + 1}: ${when} → ${tier.code}` };
  }
  throw new AppError('invalid', 'no deadline rule matches the case; the last rule should have no condition', { field: 'deadlines.json:rules' });
}

/** When a stage of a case is due, counted from `from` (dispatch, or the reply for the callback). */
export function dueAt(cal: WorkingCalendar, tier: Tier, stage: Stage, from: Date): Date {
  return addLimit(cal, from, tier[stage]);
}

/**
 * When to warn: the moment when `tier.warnAtRemaining` of the limit is left, measured in the
 * limit's basis (on the working basis, of the working time between `from` and `due`).
 */
export function warnAt(cal: WorkingCalendar, tier: Tier, stage: Stage, from: Date, due: Date): Date {
  const left = tier.warnAtRemaining;
  if (left <= 0) return new Date(due);
  if (left >= 1 || due <= from) return new Date(from);
  if (tier[stage].basis === 'calendar') return new Date(due.getTime() - Math.round(left * (due.getTime() - from.getTime())));
  const elapsed = Math.round((1 - left) * workingMsBetween(cal, from, due));
  // Whole milliseconds as minutes: addLimit rounds the product back to the same integer.
  return elapsed === 0 ? new Date(from) : addLimit(cal, from, { amount: elapsed / 60_000, unit: 'minutes', basis: 'working' });
}

/** Time left until `due` in a basis; negative when overdue. */
export function remainingMs(cal: WorkingCalendar, basis: Basis, now: Date, due: Date): number {
  return msBetween(cal, now, due, basis);
}

function conditions(rule: DeadlinePolicy['rules'][number]): string[] {
  const out: string[] = [];
  if (rule.kind !== undefined) out.push(`kind ${rule.kind}`);
  if (rule.urgency !== undefined) out.push(`urgency ${rule.urgency}`);
  if (rule.category !== undefined) out.push(`category ${rule.category}`);
  return out;
}

function fail(path: PropertyKey[], message: string): never {
  const field = path.map(String).join('.');
  throw new AppError('invalid', `deadlines.json: ${field || '(root)'}: ${message}`, { field: `deadlines.json:${field}` });
}
