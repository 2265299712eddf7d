import { AppError } from '../../../core/errors.js';
import type { ConditionConfig, RuleConfig, ValueRef } from './rule-schema.js';
import type { Thresholds } from './ladder.js';
import type { AssetInfo, Severity } from './types.js';

/**
 * A rule made concrete for one asset: property references (`0.8 × overflowLevelM`) become
 * numbers, seconds become milliseconds, every level gets its severity and clear value.
 */

export interface CompiledLevel {
  /** The level's name (`red`), or its index when it has none. */
  key: string;
  severity: Severity;
  raise: number;
  clear: number;
  /** For window sums: the window's length. */
  windowMs: number;
}

export interface CompiledCondition extends Thresholds {
  cfg: ConditionConfig;
  levels: CompiledLevel[];
  forMs: number;
  clearForMs: number;
  /** The metrics this condition reads; `*` for every metric of the asset. */
  metrics: string[];
  /** The sub-conditions of a combination. */
  subs: CompiledCondition[];
}

export interface CompiledRule {
  id: string;
  alarmType: string;
  severity: Severity;
  unit: string | null;
  updateEveryMs: number;
  cond: CompiledCondition;
  /** A digest of the compiled rule: a saved state is reused only under the same digest. */
  sig: string;
}

/** Compiles a rule for an asset; a missing or non-numeric property is an `invalid` error naming it. */
export function compileRule(rule: RuleConfig, asset: AssetInfo): CompiledRule {
  const cond = compileCondition(rule, asset, rule.severity, `${rule.id}`);
  return { id: rule.id, alarmType: rule.alarmType, severity: rule.severity, unit: rule.unit ?? null, updateEveryMs: rule.updateEverySeconds * 1000, cond, sig: digest(JSON.stringify(cond)) };
}

function compileCondition(c: ConditionConfig, asset: AssetInfo, severity: Severity, where: string): CompiledCondition {
  const cond = levelsOf(c, asset, severity, where);
  // Window sums are compared in whole units of their resolution, so that a boundary is exact.
  const scale = c.kind === 'window-sum' ? (x: number) => Math.round(x / c.resolution) : (x: number) => x;
  return { ...cond, sign: c.kind === 'threshold' && c.direction === 'below' ? -1 : 1, raise: cond.levels.map((l) => scale(l.raise)), clear: cond.levels.map((l) => scale(l.clear)) };
}

function levelsOf(c: ConditionConfig, asset: AssetInfo, severity: Severity, where: string): Omit<CompiledCondition, keyof Thresholds> {
  const base = { cfg: c, forMs: c.forSeconds * 1000, clearForMs: c.clearForSeconds * 1000, subs: [] as CompiledCondition[] };
  switch (c.kind) {
    case 'offline':
      return { ...base, levels: [{ key: '0', severity, raise: c.minutes, clear: c.minutes, windowMs: c.minutes * 60_000 }], metrics: [c.metric ?? '*'] };
    case 'combination': {
      const subs = c.conditions.map((s, i) => compileCondition(s, asset, severity, `${where}.conditions.${i}`));
      return { ...base, levels: [{ key: '0', severity, raise: 1, clear: 1, windowMs: 0 }], metrics: [...new Set(subs.flatMap((s) => s.metrics))], subs };
    }
    default: {
      const levels = c.levels.map((l, i) => {
        const raise = resolve(l.raise, asset, `${where}.levels.${i}.raise`);
        const clear = l.clear === undefined ? raise : resolve(l.clear, asset, `${where}.levels.${i}.clear`);
        const windowMs = 'windowMinutes' in l ? (l as { windowMinutes: number }).windowMinutes * 60_000 : 0;
        return { key: l.level ?? String(i), severity: l.severity ?? severity, raise, clear, windowMs };
      });
      return { ...base, levels, metrics: [c.metric] };
    }
  }
}

function resolve(ref: ValueRef, asset: AssetInfo, where: string): number {
  if (typeof ref === 'number') return ref;
  const raw = asset.properties?.[ref.property];
  const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new AppError('invalid', `${where}: the asset has no numeric property ${ref.property}`, { field: `properties.${ref.property}`, details: { rule: where } });
  }
  return v * ref.factor + ref.offset;
}

// FNV-1a, 32 bits: a short digest for telling configurations apart, not for security.
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
