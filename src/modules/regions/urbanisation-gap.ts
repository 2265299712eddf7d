/** Urbanisation measured two ways and the gap between them (常住人口城镇化率 − 户籍人口城镇化率). */
export interface UrbanisationGap {
  /** Share of residents living in urban areas, in %. */
  residentRatePct: number;
  /** Share of registered (户籍) population with urban registration, in %. */
  registeredRatePct: number;
  /** Percentage points of residents counted urban but not registered as urban: migrants without full access to urban services. */
  gapPoints: number;
}

/**
 * The urbanisation gap, from rates in % or from counts: residents living in urban areas over
 * all residents, and registered urban over all registered.
 */
export function urbanisationGap(
  input: { residentRatePct: number; registeredRatePct: number } | { urbanResidents: number; residents: number; urbanRegistered: number; registered: number },
): UrbanisationGap {
  const rates =
    'residentRatePct' in input
      ? input
      : { residentRatePct: (100 * input.urbanResidents) / positive(input.residents, 'residents'), registeredRatePct: (100 * input.urbanRegistered) / positive(input.registered, 'registered') };
  for (const [k, v] of Object.entries(rates)) if (!(v >= 0 && v <= 100)) throw new RangeError(`${k} must be within 0–100, got ${v}`);
  return { ...rates, gapPoints: rates.residentRatePct - rates.registeredRatePct };
}

function positive(v: number, name: string): number {
  if (!(v > 0)) throw new RangeError(`${name} must be > 0`);
  return v;
}
