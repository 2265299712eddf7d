// The sectors a city's energy-related CO2 is reported by, after the energy-activity sectors of
// the 省级温室气体清单编制指南（试行）(NDRC 2011) and IPCC 2006 Vol. 2 §1.2 (1.A.1 energy
// industries, 1.A.2 manufacturing and construction, 1.A.3 transport, 1.A.4 other sectors).

export const sectors = ['energy_industry', 'industry', 'transport', 'buildings', 'agriculture', 'other'] as const;
export type Sector = (typeof sectors)[number];

/** Each sector's names and the IPCC category it stands for. */
export const sectorTable: Record<Sector, { zh: string; en: string; ipcc: string }> = {
  energy_industry: { zh: '能源工业', en: 'Energy industries', ipcc: '1.A.1' },
  industry: { zh: '工业和建筑业', en: 'Manufacturing and construction', ipcc: '1.A.2' },
  transport: { zh: '交通运输', en: 'Transport', ipcc: '1.A.3' },
  buildings: { zh: '建筑（居民生活与商业服务）', en: 'Buildings (residential and commercial)', ipcc: '1.A.4.a–b' },
  agriculture: { zh: '农林牧渔业', en: 'Agriculture, forestry and fishing', ipcc: '1.A.4.c' },
  other: { zh: '其他', en: 'Other', ipcc: '1.A.5' },
};

/** A sector code from a code or its Chinese or English name, case-insensitive; null when none matches. */
export function sectorOf(text: string): Sector | null {
  const t = text.trim().toLowerCase();
  for (const s of sectors) {
    const row = sectorTable[s];
    if (t === s || t === row.zh.toLowerCase() || t === row.en.toLowerCase()) return s;
  }
  return null;
}
