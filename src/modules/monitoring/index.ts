import { alarmResponseMinutes } from './alarm-indicators.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CityworkModule } from '../../core/module.js';
import { assetRoutes } from './asset-routes.js';
import { telemetryRoutes } from './telemetry-routes.js';
import { catalogPackLoader } from './catalog.js';
import { assetsPackLoader } from './assets-loader.js';
import { monitoringJobs } from './jobs.js';
import { simulateCommand } from './simulate/cli.js';
import { preparePartitions } from './maintenance.js';
import { brokerInfo, ingestSummary, openedIngest, startMqtt, stopMonitoringRuntime } from './runtime.js';
import { alarmRoutes } from './alarm-routes.js';
import { rulesPackLoader } from './rules-loader.js';
import { openCaseSubscriber } from './alarm-case-open.js';
import { caseClosedSubscriber } from './alarm-case-closed.js';
import { ruleEngineSummary, startRuleEngines, stopRuleEngines } from './engine-runtime.js';

const read = 'monitoring.asset.read';
const alarms = ['monitoring.alarm.read', 'monitoring.alarm.handle'];
const engineering = [read, 'monitoring.asset.write', 'monitoring.telemetry.ingest', 'monitoring.quarantine.read', ...alarms];

/**
 * Monitoring (issue 7): typed, geo-located assets and their devices; telemetry over MQTT (an
 * embedded broker, or an external one by MQTT_URL) and HTTP, acknowledged once durable in a
 * write-ahead log and committed in large batches; readings partitioned by month, latest values,
 * hourly rollups, retention; a quarantine for what is refused. The rules of the city's
 * lifelines pack judge every committed reading; their alarms are stored with their history,
 * handled, escalated, and open hotline cases. See ARCHITECTURE.md, task 5.
 */
export const monitoringModule: CityworkModule = {
  name: 'monitoring',
  migrationsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  routes(app, k) {
    assetRoutes(app, k);
    telemetryRoutes(app, k);
    alarmRoutes(app, k);
    // MQTT only where the service really serves (not in a CLI command's in-process service).
    app.addHook('onListen', async () => void (await startMqtt(k)));
  },
  packLoaders: [catalogPackLoader, assetsPackLoader, rulesPackLoader],
  subscribers: (k) => [openCaseSubscriber(k), caseClosedSubscriber(k)],
  indicators: [alarmResponseMinutes],
  jobs: monitoringJobs,
  commands: simulateCommand,
  policy: {
    admin: engineering,
    engineer: engineering,
    // Alarms are read and handled within the actor's jurisdiction (a district handler, its district's).
    operator: [read, ...alarms],
    dispatcher: [read, ...alarms],
    handler: [read, ...alarms],
    assessor: [read],
    analyst: [read, 'monitoring.alarm.read'],
  },
  async start(k) {
    await preparePartitions(k);
    await startRuleEngines(k);
  },
  async stop(k) {
    // The ingest first (its last batches still go through the rules), then the engine's states.
    await stopMonitoringRuntime(k);
    await stopRuleEngines(k);
  },
  readiness(k) {
    const b = brokerInfo(k);
    return { mqtt: { embedded: b.embedded, state: b.state, url: b.url, port: b.port, requestedPort: b.requestedPort, error: b.error }, ingest: ingestSummary(k), rules: ruleEngineSummary(k) };
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
// Bulk loads of past readings (environment's air-station import): the ingest's validation, quarantine and batch storage.
export { commitRecords, type CommitOptions } from './commit.js';
export { type IngestRecord } from './batch.js';
export { invalidateRegistry } from './registry.js';
export { deviceReadings, type ReadingsQuery, type DeviceSeries, type Point } from './readings-store.js';
export { applyRetention, preparePartitions } from './maintenance.js';
export { listPartitions } from './partitions-store.js';
export { catalogFileSchema, assetsFileSchema, monitoringFiles, type CatalogFile, type AssetsFile } from './pack-schema.js';
// Rules and alarms: the pure engine and lifecycle, the rules pack, the live engine, alarms' use cases.
export * from './rules/index.js';
export * from './alarms/index.js';
export { rulesPackLoader, rulesFile } from './rules-loader.js';
export { rulesCoverage, type CoverageProblem, type CoverageCatalog } from './rules-coverage.js';
export { cityRules, type CityRules } from './rules-pack.js';
export { tickRuleEngines, saveRuleStates, ruleEnginesSettled, saveEveryMs, saveParts } from './engine-runtime.js';
export { ruleStateShardOf } from './rule-state-shards.js';
export { listAlarms, getAlarmWithHistory, type AlarmFilter } from './alarm-queries.js';
export { alarmDetail, alarmDetailSchema, type AlarmDetail } from './alarm-detail.js';
export { actOnAlarm, alarmHandlings, type AlarmHandling, type AlarmActionInput } from './alarm-actions.js';
export { alarmViewSchema, historyViewSchema, type AlarmView, type HistoryView } from './alarm-views.js';
export { escalateDueAlarms } from './alarm-escalation.js';
export { fileRequestedCases } from './alarm-case-filer.js';
export { alarmTopics, alarmCaseEvents } from './alarm-topics.js';
export { alarmResponseMinutes } from './alarm-indicators.js';
