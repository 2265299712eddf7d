import type { Division } from './divisions.js';
import { shortName } from './division-names.js';

/** Where a city of a statistics table lands among the divisions, or why it does not. */
export type CityMatch = { code: string; how: 'municipality' | 'name' } | { code: null; why: string };

/**
 * Finds the NBS code of a city named in a statistics table by province and name: a
 * municipality (直辖市) is its province; a prefecture-level city (地级市, 副省级市) a city-level
 * division; a county-level city (县级市) a district-level one — by exact name within the province.
 */
export function createCityIndex(divisions: readonly Division[]) {
  const provinces = new Map<string, Division>();
  for (const d of divisions) if (d.level === 'province') provinces.set(shortName(d.name), d);
  const byName = new Map<string, Division[]>();
  for (const d of divisions) {
    if (d.level !== 'city' && d.level !== 'district') continue;
    const list = byName.get(d.name) ?? [];
    list.push(d);
    byName.set(d.name, list);
  }

  return {
    /** The code of `city` in `province` (short provincial name, e.g. 内蒙古), of the given city type. */
    resolve(province: string, city: string, cityType: string): CityMatch {
      const p = provinces.get(province) ?? provinces.get(shortName(province));
      if (!p) return { code: null, why: `province ${province} is not an NBS province` };
      if (cityType === '直辖市') return { code: p.code, how: 'municipality' };
      const level = cityType === '县级市' ? 'district' : 'city';
      const prefix = p.code.slice(0, 2);
      const found = (byName.get(city) ?? []).filter((d) => d.code.startsWith(prefix));
      const exact = found.filter((d) => d.level === level);
      if (exact.length === 1) return { code: exact[0]!.code, how: 'name' };
      if (exact.length > 1) return { code: null, why: `${exact.length} ${level}-level divisions in ${p.name} are named ${city}` };
      if (found.length) return { code: null, why: `${city} in ${p.name} is a ${found[0]!.level}-level division, not a ${cityType}` };
      return { code: null, why: `no division named ${city} in ${p.name}` };
    },
  };
}
