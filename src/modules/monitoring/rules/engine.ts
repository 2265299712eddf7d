import { isAppError } from '../../../core/errors.js';
import { compileRule, type CompiledRule } from './compile.js';
import { STALE, type KindEvaluator } from './evaluator.js';
import { evaluatorOf } from './kinds.js';
import type { LadderState } from './ladder.js';
import type { RuleConfig } from './rule-schema.js';
import { packState, unpackState } from './state-codec.js';
import type { AssetInfo, Reading, Signal } from './types.js';

/**
 * The rule engine: routes each reading to the rules of its asset's type that read its
 * metric, keeps one explicit state per (rule, asset), and turns level changes into signals
 * for the alarm lifecycle. Pure: no I/O, no clock of its own (ticks bring the time). Its
 * state is plain JSON (`snapshot`/`restore`, or `takeDirty` to save only what changed); a
 * saved state is reused only for the same compiled rule (same digest), otherwise the rule
 * starts afresh at the level it had, so an active alarm is still cleared when due.
 */

export interface RuleEngineOptions {
  /** The rules of each asset type. */
  rules: Record<string, RuleConfig[]>;
  /** The asset a reading belongs to; unknown assets' readings are counted and skipped. */
  assetOf: (assetId: string) => AssetInfo | undefined;
}

/** One rule's saved state on one asset. */
export interface SavedRuleState {
  sig: string;
  /** When the last signal was sent (heartbeat updates count from it). */
  sentAt: number;
  state: LadderState;
}
export interface EngineSnapshot {
  version: 1;
  assets: Record<string, Record<string, SavedRuleState>>;
}
/** An asset's changed states, taken to be saved: `{"<rule id>": SavedRuleState}` as JSON text, and how many rules. */
export interface DirtyAsset {
  assetId: string;
  states: string;
  rules: number;
}
export interface EngineProblem {
  assetId: string;
  ruleId: string;
  message: string;
}

interface Slot {
  rule: CompiledRule;
  ev: KindEvaluator<any>;
  saved: SavedRuleState;
}
interface Entry {
  slots: Slot[];
  byMetric: Map<string, Slot[]>;
  /** Rules that read every metric. */
  anyMetric: Slot[];
  ticking: Slot[];
}

/** Creates a rule engine over a pack's rules. */
export function createRuleEngine({ rules, assetOf }: RuleEngineOptions) {
  const entries = new Map<string, Entry | null>();
  let pending = new Map<string, Record<string, SavedRuleState>>();
  const dirty = new Set<string>();
  const problems: EngineProblem[] = [];
  const stats = { readings: 0, invalid: 0, unknownAsset: 0, ignored: 0, signals: 0, ticks: 0 };

  function entryOf(assetId: string): Entry | null {
    let e = entries.get(assetId);
    if (e !== undefined) return e;
    const asset = assetOf(assetId);
    e = asset ? build(assetId, asset) : null;
    entries.set(assetId, e);
    return e;
  }

  function build(assetId: string, asset: AssetInfo): Entry {
    const saved = pending.get(assetId) ?? {};
    pending.delete(assetId);
    const e: Entry = { slots: [], byMetric: new Map(), anyMetric: [], ticking: [] };
    for (const cfg of rules[asset.type] ?? []) {
      let rule: CompiledRule;
      try {
        rule = compileRule(cfg, asset);
      } catch (err) {
        if (!isAppError(err)) throw err;
        problems.push({ assetId, ruleId: cfg.id, message: err.message });
        continue;
      }
      const ev = evaluatorOf(rule.cond);
      const slot: Slot = { rule, ev, saved: revive(rule, ev, saved[rule.id]) };
      e.slots.push(slot);
      if (ev.tick) e.ticking.push(slot);
      // A rule that reads every metric is fed once per reading, whatever else it names.
      if (rule.cond.metrics.includes('*')) e.anyMetric.push(slot);
      else for (const m of rule.cond.metrics) e.byMetric.set(m, [...(e.byMetric.get(m) ?? []), slot]);
    }
    return e;
  }

  function emit(assetId: string, slot: Slot, from: number, at: number, out: Signal[]): void {
    const { rule, ev, saved } = slot;
    const to = saved.state.level;
    if (to === from && (to < 0 || at - saved.sentAt < rule.updateEveryMs)) return;
    const { value, details } = ev.explain(rule.cond, saved.state);
    const level = rule.cond.levels[to >= 0 ? to : from] ?? rule.cond.levels[0]!;
    out.push({
      kind: from < 0 ? 'raise' : to < 0 ? 'clear' : 'update',
      assetId,
      alarmType: rule.alarmType,
      severity: level.severity,
      ts: at,
      value,
      details: { rule: rule.id, kind: rule.cond.cfg.kind, metric: rule.cond.metrics[0] === '*' ? null : rule.cond.metrics.join(','), unit: rule.unit, ...details },
    });
    saved.sentAt = at;
    stats.signals++;
  }

  function feed(r: Reading, slot: Slot, out: Signal[]): void {
    const from = slot.saved.state.level;
    const at = slot.ev.reading(slot.rule.cond, slot.saved.state, r);
    if (at >= 0) emit(r.assetId, slot, from, at, out);
    else if (at === STALE) stats.ignored++;
  }

  // After a restore, every saved asset is set up again at the first reading or tick, in the saved
  // order: so that the clock judges assets that have not reported since (a silent device), and
  // signals come in the same order as they would have without the restart.
  let restored = false;
  function materialize(): void {
    restored = false;
    for (const assetId of [...pending.keys()]) entryOf(assetId);
  }

  function evaluate(r: Reading, out: Signal[] = []): Signal[] {
    stats.readings++;
    if (restored) materialize();
    // The ingest quarantines such readings; a NaN reaching a rule would read as "condition gone".
    if (!Number.isFinite(r.value) || !Number.isFinite(r.ts)) {
      stats.invalid++;
      return out;
    }
    const e = entryOf(r.assetId);
    if (!e) {
      stats.unknownAsset++;
      return out;
    }
    const slots = e.byMetric.get(r.metric);
    if (slots) for (let i = 0; i < slots.length; i++) feed(r, slots[i]!, out);
    for (let i = 0; i < e.anyMetric.length; i++) feed(r, e.anyMetric[i]!, out);
    if (slots || e.anyMetric.length) dirty.add(r.assetId);
    return out;
  }

  return {
    /** Judges one reading against its asset's rules; the signals it causes (appended to `out`). */
    evaluate,
    /** Judges a batch of readings in order; the signals they cause. */
    evaluateBatch(readings: Iterable<Reading>): Signal[] {
      const out: Signal[] = [];
      for (const r of readings) evaluate(r, out);
      return out;
    },
    /** Lets the clock judge (no data, sliding windows, nights ending) at `now`, epoch ms. */
    tick(now: number): Signal[] {
      stats.ticks++;
      if (restored) materialize();
      const out: Signal[] = [];
      for (const [assetId, e] of entries) {
        if (!e) continue;
        for (const slot of e.ticking) {
          const from = slot.saved.state.level;
          const at = slot.ev.tick!(slot.rule.cond, slot.saved.state, now);
          if (at < 0) continue;
          emit(assetId, slot, from, at, out);
          dirty.add(assetId);
        }
      }
      return out;
    },
    /** Starts the no-data clocks of an asset that has not reported yet, from `since`. */
    watch(assetId: string, since: number): void {
      const e = entryOf(assetId);
      if (!e) return;
      for (const slot of e.slots) startClocks(slot.saved.state, since);
      dirty.add(assetId);
    },
    /** Drops what the engine derived from an asset (call it when an asset is created or changed); its states are kept. */
    forget(assetId: string): void {
      const e = entries.get(assetId);
      entries.delete(assetId);
      if (e) pending.set(assetId, Object.fromEntries(e.slots.map((s) => [s.rule.id, s.saved])));
    },
    /** Every state, as JSON-safe data. */
    snapshot(): EngineSnapshot {
      const assets: EngineSnapshot['assets'] = Object.fromEntries(pending);
      for (const [assetId, e] of entries) if (e && e.slots.length) assets[assetId] = Object.fromEntries(e.slots.map((s) => [s.rule.id, s.saved]));
      return JSON.parse(JSON.stringify({ version: 1, assets })) as EngineSnapshot;
    },
    /** Replaces every state with a snapshot's (rules are compiled again as assets report). */
    restore(snap: EngineSnapshot): void {
      if (snap.version !== 1) throw new Error(`unknown rule-engine snapshot version ${String(snap.version)}`);
      entries.clear();
      pending = new Map(Object.entries(structuredClone(snap.assets)));
      restored = true;
    },
    /**
     * The assets whose states changed since the last call, each with its states as one JSON
     * object's text (`{"<rule id>": <state>}`) to be saved — at most `maxAssets` of them, the
     * rest left for the next call, so a save of a big city is taken a slice at a time between
     * other work (a state's JSON text costs a fraction of a structured clone). With `only`,
     * just those of the given assets that changed.
     */
    takeDirty(maxAssets = Infinity, only?: Iterable<string>): DirtyAsset[] {
      const out: DirtyAsset[] = [];
      let n = 0;
      for (const assetId of only ?? dirty) {
        if (n >= maxAssets) break;
        if (!dirty.delete(assetId)) continue;
        n++;
        const slots = entries.get(assetId)?.slots;
        if (!slots?.length) continue;
        let states = '{';
        for (let i = 0; i < slots.length; i++) states += `${i ? ',' : ''}${JSON.stringify(slots[i]!.rule.id)}:${packState(slots[i]!.saved)}`;
        out.push({ assetId, states: `${states}}`, rules: slots.length });
      }
      return out;
    },
    /** The assets whose states changed since they were last taken (a copy). */
    dirtyIds: (): string[] => [...dirty],
    /** How many assets have states changed since they were last taken. */
    dirtyAssets: () => dirty.size,
    /** Counters: readings, non-finite ones, readings of unknown assets, rule inputs ignored as stale or duplicate, signals, ticks. */
    stats: () => ({ ...stats, problems: problems.length }),
    /** Rules that could not be compiled for an asset (a property it lacks). */
    problems: (): readonly EngineProblem[] => problems,
  };
}

export type RuleEngine = ReturnType<typeof createRuleEngine>;

// A saved state under the same digest is taken as it is; otherwise a fresh one keeps the level.
function revive(rule: CompiledRule, ev: KindEvaluator<any>, saved: SavedRuleState | undefined): SavedRuleState {
  if (saved && saved.sig === rule.sig) return unpackState(saved);
  const state = ev.init(rule.cond) as LadderState;
  if (saved && saved.state.level >= 0) state.level = Math.min(saved.state.level, rule.cond.levels.length - 1);
  return { sig: rule.sig, sentAt: saved?.sentAt ?? 0, state };
}

function startClocks(state: LadderState, since: number): void {
  const s = state as LadderState & { seen?: number | null; subs?: LadderState[] };
  if (s.seen === null) s.seen = since;
  s.subs?.forEach((sub) => startClocks(sub, since));
}
