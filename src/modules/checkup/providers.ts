import type { IndicatorProvider } from '../../core/module.js';
import type { Kernel } from '../../core/kernel.js';

// The service's indicator computations, handed over once it is composed; one registry per kernel.
const registries = new WeakMap<Kernel, Map<string, IndicatorProvider>>();

/** Keeps the computations every module registered for this service; two with one code is a mistake in the build. */
export function receiveProviders(providers: readonly IndicatorProvider[], k: Kernel): void {
  const byCode = new Map<string, IndicatorProvider>();
  for (const p of providers) {
    if (!/^[a-z][a-z0-9]*\.[a-z0-9-]+$/.test(p.code)) throw new Error(`indicator provider code ${p.code} must be <module>.<name>`);
    if (byCode.has(p.code)) throw new Error(`indicator provider ${p.code} is registered twice`);
    byCode.set(p.code, p);
  }
  registries.set(k, byCode);
}

/** The computations registered for this service (none before it is composed). */
export function providersOf(k: Kernel): ReadonlyMap<string, IndicatorProvider> {
  return registries.get(k) ?? new Map();
}
