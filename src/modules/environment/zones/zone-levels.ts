// HJ 338-2018 饮用水水源保护区划分技术规范 §4: a source's protection area is divided into a
// level I zone (一级保护区) and a level II zone (二级保护区), and a quasi-protection zone
// (准保护区) may be added where needed; surface-water zones cover water (水域) and land (陆域).

/** The levels of a protection zone, strictest first. */
export const zoneLevels = ['I', 'II', 'quasi'] as const;
export type ZoneLevel = (typeof zoneLevels)[number];

/** Each level's name in the standard's words and in English, and its rank (1 = strictest). */
export const zoneLevelTable: Record<ZoneLevel, { rank: number; zh: string; en: string }> = {
  I: { rank: 1, zh: '一级保护区', en: 'Level I protection zone' },
  II: { rank: 2, zh: '二级保护区', en: 'Level II protection zone' },
  quasi: { rank: 3, zh: '准保护区', en: 'Quasi-protection zone' },
};

/** The kinds of drinking-water source HJ 338-2018 draws zones for. */
export const sourceKinds = ['river', 'lake', 'reservoir', 'groundwater'] as const;
export type SourceKind = (typeof sourceKinds)[number];

export const sourceKindNames: Record<SourceKind, { zh: string; en: string }> = {
  river: { zh: '河流型地表水水源', en: 'River (surface water)' },
  lake: { zh: '湖泊型地表水水源', en: 'Lake (surface water)' },
  reservoir: { zh: '水库型地表水水源', en: 'Reservoir (surface water)' },
  groundwater: { zh: '地下水水源', en: 'Groundwater' },
};

/** The parts of a zone HJ 338-2018 distinguishes: its water area, its land area, or both drawn as one. */
export const areaKinds = ['water', 'land', 'both'] as const;
export type AreaKind = (typeof areaKinds)[number];

/** Orders zones strictest level first, then by id, so a point's answer is stable. */
export function byStrictness<T extends { level: ZoneLevel; id: string }>(a: T, b: T): number {
  return zoneLevelTable[a.level].rank - zoneLevelTable[b.level].rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
