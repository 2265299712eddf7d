import { add, ceil, compare, div, int, isHalf, mul, roundHalfUp, sub, toRational, truncate, type Rational } from './decimal.js';
import type { Band, FieldSpec, Redirect } from './types.js';

// IAQI_P = (IAQI_Hi − IAQI_Lo) / (BP_Hi − BP_Lo) × (C_P − BP_Lo) + IAQI_Lo
// (HJ 633-2012 §5.1 formula (1); US EPA TAD equation 1), evaluated exactly.

interface CompiledBand {
  cLo: Rational;
  cHi: Rational;
  iLo: Rational;
  iHi: Rational;
  band: Band;
}

const compiled = new WeakMap<FieldSpec, CompiledBand[]>();

function bandsOf(spec: FieldSpec): CompiledBand[] {
  let out = compiled.get(spec);
  if (!out) {
    out = spec.bands.map((band) => ({ cLo: toRational(band.cLo)!, cHi: toRational(band.cHi)!, iLo: int(band.iLo), iHi: int(band.iHi), band }));
    compiled.set(spec, out);
  }
  return out;
}

/** What one concentration gives on one field's table. */
export interface SubIndex {
  /** The concentration looked up (after the field's truncation). */
  looked: Rational;
  truncated: boolean;
  /** The integer sub-index, or null when this field's table does not index the value. */
  iaqi: number | null;
  /** The exact sub-index before rounding. */
  exact: Rational | null;
  /** Set when the table sends the value to another field instead. */
  redirect?: Redirect;
  /** The value is above the top row and the index is held at that row's top (500). */
  capped?: Band;
  /** The value is the shared limit of two rows (both give the same index). */
  onBreakpoint?: boolean;
  /** The exact index was a half, rounded up. */
  roundedHalf?: boolean;
}

/** The sub-index of a concentration on a field's breakpoint rows, rounded as the standard says. */
export function subIndex(spec: FieldSpec, c: Rational, rounding: 'ceil' | 'half-up'): SubIndex {
  const looked = spec.truncateTo === undefined ? c : truncate(c, spec.truncateTo);
  const truncated = compare(looked, c) !== 0;
  const bands = bandsOf(spec);
  const first = bands[0]!;
  const last = bands[bands.length - 1]!;
  if (compare(looked, first.cLo) < 0) {
    // Only tables that start above zero get here (negative values are refused before).
    if (spec.belowBottom) return { looked, truncated, iaqi: null, exact: null, redirect: spec.belowBottom };
    throw new RangeError(`${spec.pollutant} ${spec.period}: value below the table`);
  }
  if (compare(looked, last.cHi) > 0) {
    if (spec.aboveTop) return { looked, truncated, iaqi: null, exact: null, redirect: spec.aboveTop };
    return { looked, truncated, iaqi: last.band.iHi, exact: last.iHi, capped: last.band };
  }
  const at = bands.findIndex((b) => compare(b.cLo, looked) <= 0 && compare(looked, b.cHi) <= 0);
  // After the field's truncation a value always falls in a row; a gap would be a table error.
  if (at < 0) throw new RangeError(`${spec.pollutant} ${spec.period}: no row holds the value`);
  const b = bands[at]!;
  const exact = add(b.iLo, div(mul(sub(b.iHi, b.iLo), sub(looked, b.cLo)), sub(b.cHi, b.cLo)));
  const iaqi = Number(rounding === 'ceil' ? ceil(exact) : roundHalfUp(exact));
  const onBreakpoint = at < bands.length - 1 && compare(looked, b.cHi) === 0 && compare(looked, bands[at + 1]!.cLo) === 0;
  return { looked, truncated, iaqi, exact, onBreakpoint, roundedHalf: rounding === 'half-up' && isHalf(exact) };
}
