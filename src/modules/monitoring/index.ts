import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CityworkModule } from '../../core/module.js';
import { assetRoutes } from './asset-routes.js';
import { telemetryRoutes } from './telemetry-routes.js';
import { catalogPackLoader } from './catalog.js';
import { assetsPackLoader } from './assets-loader.js';
import { monitoringJobs } from './jobs.js';
import { preparePartitions } from './maintenance.js';
import { brokerInfo, ingestSummary, openedIngest, startMqtt, stopMonitoringRuntime } from './runtime.js';

const read = 'monitoring.asset.read';
const engineering = [read, 'monitoring.asset.write', 'monitoring.telemetry.ingest', 'monitoring.quarantine.read'];

/**
 * Monitoring (issue 7): typed, geo-located assets and their devices; telemetry over MQTT (an
 * embedded broker, or an external one by MQTT_URL) and HTTP, acknowledged once durable in a
 * write-ahead log and committed in large batches; readings partitioned by month, latest values,
 * hourly rollups, retention; a quarantine for what is refused. See ARCHITECTURE.md, task 5.
 */
export const monitoringModule: CityworkModule = {
  name: 'monitoring',
  migrationsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  routes(app, k) {
    assetRoutes(app, k);
    telemetryRoutes(app, k);
    // MQTT only where the service really serves (not in a CLI command's in-process service).
    app.addHook('onListen', async () => void (await startMqtt(k)));
  },
  packLoaders: [catalogPackLoader, assetsPackLoader],
  jobs: monitoringJobs,
  policy: {
    admin: engineering,
    engineer: engineering,
    operator: [read],
    dispatcher: [read],
    handler: [read],
    assessor: [read],
    analyst: [read],
  },
  async start(k) {
    await preparePartitions(k);
  },
  async stop(k) {
    await stopMonitoringRuntime(k);
  },
  readiness(k) {
    const b = brokerInfo(k);
    return { mqtt: { embedded: b.embedded, state: b.state, url: b.url, port: b.port, requestedPort: b.requestedPort, error: b.error }, ingest: ingestSummary(k) };
  },
};

// The module's public face for other modules and for the rule engine's wiring.
export { addReadingsHook, readingsHooks, type IngestedReading, type ReadingsHook } from './ingest-hooks.js';
export { brokerInfo, ingestFor, startMqtt, type BrokerInfo } from './runtime.js';
export { openedIngest };
export { monitoringEvents } from './events.js';
export { quarantineReasons, type QuarantineReason } from './quarantine-reasons.js';
export { telemetryTopic, sharedTelemetryFilter } from './topic.js';
export { readCatalog, type Metric, type AssetType } from './catalog.js';
export { createAsset, updateAsset, type NewAsset } from './asset-write.js';
export { createDevice, updateDevice } from './device-write.js';
export { getAsset, getDevice, listAssets } from './assets-store.js';
export { rollUpClosedHours } from './rollups.js';
export { applyRetention, preparePartitions } from './maintenance.js';
export { listPartitions } from './partitions-store.js';
export { catalogFileSchema, assetsFileSchema, monitoringFiles, type CatalogFile, type AssetsFile } from './pack-schema.js';
