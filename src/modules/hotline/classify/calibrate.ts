/**
 * The temperature T that makes softmax(log p / T) best calibrated on held-out predictions:
 * the one of least negative log-likelihood, by golden-section search over ln T in [-3, 2]
 * (Guo, Pleiss, Sun & Weinberger 2017, "On calibration of modern neural networks", §4.2).
 */
export function fitTemperature(heldOut: { p: ArrayLike<number>; truth: number }[]): number {
  if (!heldOut.length) return 1;
  const logs = heldOut.map(({ p }) => Array.from(p, (q) => Math.log(Math.max(q, 1e-300))));
  const nll = (t: number) => {
    let sum = 0;
    logs.forEach((z, i) => {
      let max = -Infinity;
      for (const v of z) max = Math.max(max, v / t);
      let s = 0;
      for (const v of z) s += Math.exp(v / t - max);
      sum -= z[heldOut[i]!.truth]! / t - max - Math.log(s);
    });
    return sum;
  };
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = -3;
  let b = 2;
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = nll(Math.exp(c));
  let fd = nll(Math.exp(d));
  for (let i = 0; i < 40; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - phi * (b - a);
      fc = nll(Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + phi * (b - a);
      fd = nll(Math.exp(d));
    }
  }
  return Math.exp((a + b) / 2);
}
