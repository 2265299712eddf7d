// The units activity data is given in, each with the spellings people type, and the units they
// are often confused with: a mismatch is refused with how to convert, never converted silently.

export const activityUnits = ['t', '10^4 m³', 'MWh', 'GJ'] as const;
export type ActivityUnit = (typeof activityUnits)[number];

const spellings: Record<ActivityUnit, string[]> = {
  t: ['t', '吨', 'tonne', 'tonnes', 'ton'],
  '10^4 m³': ['10^4 m³', '10^4 m3', '10^4m3', '10⁴ m³', '万m3', '万m³', '万立方米', '10k m3'],
  MWh: ['mwh', '兆瓦时', '千千瓦时'],
  GJ: ['gj', '吉焦', '百万千焦'],
};

// Units that are not the factor's but convert to it: (unit, factor's unit) → the multiplier.
const conversions: { unit: string[]; to: ActivityUnit; multiply: number }[] = [
  { unit: ['kg', '千克', '公斤'], to: 't', multiply: 0.001 },
  { unit: ['万吨', '10^4 t'], to: 't', multiply: 10_000 },
  { unit: ['m3', 'm³', '立方米'], to: '10^4 m³', multiply: 0.0001 },
  { unit: ['亿m3', '亿立方米', '10^8 m3', '10^8 m³'], to: '10^4 m³', multiply: 10_000 },
  { unit: ['kwh', '千瓦时', '度'], to: 'MWh', multiply: 0.001 },
  { unit: ['万kwh', '万千瓦时'], to: 'MWh', multiply: 10 },
  { unit: ['亿kwh', '亿千瓦时', 'gwh'], to: 'MWh', multiply: 1000 },
  { unit: ['mj', '兆焦'], to: 'GJ', multiply: 0.001 },
  { unit: ['tj', '太焦'], to: 'GJ', multiply: 1000 },
];

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** The canonical activity unit a spelling stands for, or null when it is not one. */
export function activityUnitOf(text: string): ActivityUnit | null {
  const t = norm(text);
  for (const u of activityUnits) if (spellings[u].some((s) => norm(s) === t)) return u;
  return null;
}

/** Why `given` cannot be used where `expected` is required, with the conversion when one is known. */
export function unitMismatch(given: string, expected: ActivityUnit): string {
  const t = norm(given);
  const c = conversions.find((x) => x.to === expected && x.unit.some((s) => norm(s) === t));
  const hint = c ? `: multiply ${given} by ${c.multiply} to get ${expected}` : '';
  return `the unit is ${JSON.stringify(given)}, but this fuel's factor is per ${expected}${hint}; nothing is converted for you`;
}
