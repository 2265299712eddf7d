/**
 * The upper tail of the Poisson distribution, P(X ≥ n) for X ~ Poisson(λ), accurate far into
 * the tail (1e-300) where 1 − CDF would round to 0. Pure.
 */
export function poissonTail(n: number, lambda: number): number {
  if (n <= 0) return 1;
  if (lambda <= 0) return 0;
  // Below the mean the tail is large: 1 minus the lower sum loses nothing there.
  if (n <= lambda) {
    let term = Math.exp(-lambda);
    let lower = term;
    for (let k = 1; k < n; k++) lower += term *= lambda / k;
    return Math.max(0, Math.min(1, 1 - lower));
  }
  // Above the mean, sum the decreasing terms from n upwards in log space.
  let term = Math.exp(-lambda + n * Math.log(lambda) - logFactorial(n));
  let sum = term;
  for (let k = n + 1; term > sum * 1e-17 && k < n + 10_000; k++) sum += term *= lambda / k;
  return Math.min(1, sum);
}

/** ln(n!) by Stirling's series beyond 20, exactly below. */
export function logFactorial(n: number): number {
  if (n < 21) {
    let f = 0;
    for (let k = 2; k <= n; k++) f += Math.log(k);
    return f;
  }
  // Stirling's series with three correction terms: error below 1e-14 for n > 20.
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3) + 1 / (1260 * n ** 5);
}
