import type { Kernel } from '../../core/kernel.js';

/** One accepted reading, as the ingest hands it to the rules after its batch committed. */
export interface IngestedReading {
  deviceId: string;
  assetId: string;
  metric: string;
  value: number;
  /** When it was measured, epoch milliseconds. */
  ts: number;
}

/**
 * What the rule engine plugs into the ingest: called once per committed batch, in commit
 * order, with the batch's accepted readings. Delivery is at least once (a replay after a
 * crash or a device's resend hands a reading over again), so a hook must tolerate repeats.
 * While a call's promise is pending the next batch waits for it; a few batches queue before
 * the ingest itself slows down. A hook's error is logged and counted, never retried.
 */
export interface ReadingsHook {
  name: string;
  onReadings(readings: readonly IngestedReading[]): void | Promise<void>;
}

const hooks = new WeakMap<Kernel, ReadingsHook[]>();

/** Adds a hook for this kernel's ingest (a module's `start` does it); returns how to remove it. */
export function addReadingsHook(k: Kernel, hook: ReadingsHook): () => void {
  const list = hooks.get(k) ?? [];
  hooks.set(k, [...list, hook]);
  return () => hooks.set(k, (hooks.get(k) ?? []).filter((h) => h !== hook));
}

/** The hooks registered for this kernel. */
export function readingsHooks(k: Kernel): readonly ReadingsHook[] {
  return hooks.get(k) ?? [];
}
