import { Counter, Histogram } from 'prom-client';
import type { Metrics } from '../../core/metrics.js';

/** The ingest's Prometheus metrics: messages in, readings stored, duplicates, quarantined by reason, batches. */
export interface IngestMetrics {
  messages: Counter<'source'>;
  readings: Counter<'outcome'>;
  quarantined: Counter<'reason'>;
  batchSeconds: Histogram;
  batchReadings: Histogram;
  walSyncSeconds: Histogram;
  hookFailures: Counter<'hook'>;
}

const cache = new WeakMap<Metrics, IngestMetrics>();

/** The ingest's metrics in this service's registry (created once per registry). */
export function ingestMetrics(m: Metrics): IngestMetrics {
  const existing = cache.get(m);
  if (existing) return existing;
  const registers = [m.registry];
  const made: IngestMetrics = {
    messages: new Counter({ name: 'citywork_monitoring_messages_total', help: 'Telemetry messages received, by source (mqtt, http)', labelNames: ['source'], registers }),
    readings: new Counter({ name: 'citywork_monitoring_readings_total', help: 'Readings by outcome: stored, duplicate (already stored), quarantined', labelNames: ['outcome'], registers }),
    quarantined: new Counter({ name: 'citywork_monitoring_quarantined_total', help: 'Readings and messages put in quarantine, by reason', labelNames: ['reason'], registers }),
    batchSeconds: new Histogram({ name: 'citywork_monitoring_batch_commit_seconds', help: 'Time to commit one batch of readings', buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers }),
    batchReadings: new Histogram({ name: 'citywork_monitoring_batch_readings', help: 'Readings per committed batch', buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000, 25000], registers }),
    walSyncSeconds: new Histogram({ name: 'citywork_monitoring_wal_sync_seconds', help: 'Time to write and fsync one group of the write-ahead log', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1], registers }),
    hookFailures: new Counter({ name: 'citywork_monitoring_hook_failures_total', help: 'Readings hook calls that failed, by hook', labelNames: ['hook'], registers }),
  };
  cache.set(m, made);
  return made;
}
