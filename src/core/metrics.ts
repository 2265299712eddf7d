import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The service's Prometheus metrics (prom-client), one registry per service instance. */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  schedulerRuns: Counter<'job' | 'status'>;
  schedulerDuration: Histogram<'job'>;
  outboxDeliveries: Counter<'subscriber' | 'outcome'>;
  /** Registers a gauge whose value is read when /metrics is scraped. */
  gauge(name: string, help: string, labelNames: string[], collect: (g: Gauge<string>) => void | Promise<void>): void;
}

/** Creates the metrics registry with Node's default process metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'citywork_' });
  return {
    registry,
    httpRequests: new Counter({ name: 'citywork_http_requests_total', help: 'HTTP requests by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'citywork_http_request_duration_seconds',
      help: 'HTTP request latency by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    schedulerRuns: new Counter({ name: 'citywork_scheduler_runs_total', help: 'Scheduled job runs by job and outcome', labelNames: ['job', 'status'], registers: [registry] }),
    schedulerDuration: new Histogram({ name: 'citywork_scheduler_run_seconds', help: 'Scheduled job run time', labelNames: ['job'], registers: [registry] }),
    outboxDeliveries: new Counter({ name: 'citywork_outbox_deliveries_total', help: 'Outbox deliveries by subscriber and outcome (done, retry, dead)', labelNames: ['subscriber', 'outcome'], registers: [registry] }),
    gauge(name, help, labelNames, collect) {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          await collect(this);
        },
      });
    },
  };
}
