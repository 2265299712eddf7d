import type { Kernel } from '../../core/kernel.js';
import type { Logger } from '../../core/logger.js';
import type { Batch } from './batch.js';
import { readingsHooks, type IngestedReading } from './ingest-hooks.js';
import { ingestMetrics } from './ingest-metrics.js';

// Batches handed to the hooks but not yet through them, before the ingest waits for them.
const maxPending = 4;

/** Hands each committed batch's readings to the registered hooks, in commit order, one batch at a time. */
export function createHookRunner(k: Kernel, logger: Logger) {
  const metrics = ingestMetrics(k.metrics);
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;

  async function callAll(readings: IngestedReading[]): Promise<void> {
    for (const hook of readingsHooks(k)) {
      try {
        await hook.onReadings(readings);
      } catch (err) {
        metrics.hookFailures.inc({ hook: hook.name });
        logger.error({ err: (err as Error).message, hook: hook.name, readings: readings.length }, 'readings hook failed');
      }
    }
  }

  return {
    /** Queues the batch for the hooks; waits only when several batches are already queued. */
    async run(batch: Batch): Promise<void> {
      if (!readingsHooks(k).length || batch.accepted === 0) return;
      const readings: IngestedReading[] = [];
      for (const cols of batch.cities.values()) {
        for (let i = 0; i < cols.infos.length; i++) {
          const s = cols.infos[i]!;
          readings.push({ deviceId: s.deviceId, assetId: s.assetId, metric: s.metric, value: cols.values[i]!, ts: cols.ts[i]! });
        }
      }
      pending++;
      chain = chain.then(() => callAll(readings)).finally(() => void pending--);
      if (pending > maxPending) await chain;
    },
    /** Resolves once every queued batch went through the hooks. */
    drain: () => chain,
  };
}
