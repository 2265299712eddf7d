/**
 * The monitoring module's rule engine: pure evaluation of readings against a pack's rules
 * (threshold, rate, baseline, night flow, window sums, no data, combination) into signals
 * for the alarm lifecycle. The module's index re-exports this.
 */
export { createRuleEngine, type RuleEngine, type RuleEngineOptions, type EngineSnapshot, type SavedRuleState, type DirtyAsset, type EngineProblem } from './engine.js';
export { parseRule, ruleSchema, provenanceSchema, valueRefSchema, levelSchema, type RuleConfig, type RuleKind, type ConditionConfig, type LevelConfig, type ValueRef } from './rule-schema.js';
export { parseLifelinesRules, lifelinesRulesFileSchema, rulesByAssetType, assetTypeSchema, alarmTypeSchema, escalationSchema, type LifelinesRulesFile } from './pack-schema.js';
export { cmaRainstormTable, cmaRainstormLevel, cmaRainstormRuleLevels, rainstormLevels, type RainstormLevel, type RainstormCriterion } from './cma-rainstorm.js';
export { compileRule, type CompiledRule, type CompiledCondition, type CompiledLevel } from './compile.js';
export { severities, severityNames, severityRank, raiseSeverity, atLeast, type Severity, type Reading, type Signal, type SignalKind, type AssetInfo } from './types.js';
export { syntheticLoad, type SyntheticLoad } from './synthetic-load.js';
