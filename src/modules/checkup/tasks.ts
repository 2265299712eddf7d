/**
 * The seven tasks of the Central City Work Conference (Beijing, July 2025) that every
 * indicator serves, and the four levels of the national city checkup (城市体检) an
 * indicator is measured at: 住房, 小区(社区), 街区, 城区(城市). See ARCHITECTURE.md.
 */

export const tasks = ['modern_system', 'innovation_renewal', 'livable', 'green_low_carbon', 'resilient_safe', 'heritage_civilised', 'smart_governance'] as const;
export type Task = (typeof tasks)[number];

/** The tasks' names in both languages, in the conference's order. */
export const taskNames: Record<Task, { zh: string; en: string }> = {
  modern_system: { zh: '现代化城市体系', en: 'Modern urban system' },
  innovation_renewal: { zh: '创新城市与城市更新', en: 'Innovation and urban renewal' },
  livable: { zh: '宜居城市', en: 'Livable city' },
  green_low_carbon: { zh: '绿色低碳城市', en: 'Green, low-carbon city' },
  resilient_safe: { zh: '韧性安全城市', en: 'Resilient, safe city' },
  heritage_civilised: { zh: '文明城市与历史文化保护', en: 'Heritage and civilised city' },
  smart_governance: { zh: '智慧城市与治理', en: 'Smart governance' },
};

export const levels = ['housing', 'community', 'block', 'city'] as const;
export type Level = (typeof levels)[number];

/** The checkup's four levels (建科〔2023〕75号): 住房, 小区(社区), 街区, 城区(城市). */
export const levelNames: Record<Level, { zh: string; en: string }> = {
  housing: { zh: '住房', en: 'Housing' },
  community: { zh: '小区(社区)', en: 'Residential compound (community)' },
  block: { zh: '街区', en: 'Block' },
  city: { zh: '城区(城市)', en: 'Urban district (city)' },
};

export const kinds = ['rate', 'density', 'count', 'context'] as const;
/** rate/density: scored against a standard; count: the value is the list of problem objects; context: shown, never scored. */
export type Kind = (typeof kinds)[number];

export const directions = ['higher', 'lower', 'within'] as const;
/** Which way is better: higher, lower, or within a range. */
export type Direction = (typeof directions)[number];

export const tiers = ['national', 'provincial', 'municipal'] as const;
/** Who set a standard value: the nation, the province, the city. */
export type Tier = (typeof tiers)[number];
