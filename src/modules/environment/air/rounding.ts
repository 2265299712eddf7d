// Rounding of reported concentrations (数值修约) by GB/T 8170-2008's rule: below half down,
// above half up, exactly half to the even digit (四舍六入五成双). HJ 663-2013 has SO2, NO2,
// PM10, PM2.5 and O3 reported as whole µg/m³ and CO to 0.1 mg/m³ before an IAQI is computed.

/** n/d (non-negative integers, d > 0) rounded to an integer, halves to the even neighbour. */
export function roundHalfEven(n: number, d: number): number {
  let q = Math.floor(n / d);
  // Guard the float quotient: the remainder must lie in [0, d).
  if (n - q * d < 0) q--;
  else if (n - q * d >= d) q++;
  const twice = 2 * (n - q * d);
  if (twice < d) return q;
  if (twice > d) return q + 1;
  return q % 2 === 0 ? q : q + 1;
}

/** A mean sum/count of values held in 1/scale units, rounded half-even to `decimals` places of `unit` units (unit: how many input units make one output unit). */
export function roundMean(sum: number, count: number, scale: number, decimals: number, unit = 1): number {
  const p = 10 ** decimals;
  return roundHalfEven(sum * p, count * scale * unit) / p;
}
