import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CityworkModule } from '../../core/module.js';
import { hotlineRoutes } from './routes.js';
import { catalogPackLoader } from './catalog.js';
import { kbPackLoader } from './kb.js';
import { kbRoutes } from './kb-routes.js';
import { hotlineNotices } from './notices.js';
import { attachmentRoutes } from './attachments.js';
import { assessmentRoutes } from './assessment-routes.js';
import { assessmentPackLoader } from './assessment-store.js';
import { duplicateRoutes } from './duplicates-routes.js';
import { duplicatesPackLoader } from './duplicates-settings.js';
import { open311Routes } from './open311.js';
import { hotlineJobs } from './jobs.js';
import { hotlineCommands } from './cli.js';
import { insightRoutes } from './insight-routes.js';
import { overviewRoutes } from './overview-routes.js';
import { classifyRoutes } from './classify-routes.js';
import { classifierPackLoader } from './city-models.js';
import { proactiveJobs } from './proactive-store.js';
import { proactivePackLoader } from './proactive.js';

const read = 'hotline.case.read';
const assess = 'hotline.assessment.read';
const insight = 'hotline.insight.read';
const hotlineStaff = [read, assess, insight, 'hotline.case.create', 'hotline.case.answer', 'hotline.case.dispatch', 'hotline.case.callback', 'hotline.case.close', 'hotline.case.reopen', 'hotline.case.merge', 'hotline.case.transfer', 'hotline.case.export', 'hotline.caller.history', 'hotline.catalog.read', 'hotline.kb.read', 'hotline.kb.write'];

/**
 * The citizens' service hotline (12345, 接诉即办): intake from every channel including
 * Open311, the dispatch catalog, the case workflow with deadlines, callbacks, the
 * knowledge base. See ARCHITECTURE.md, task 7.
 */
export const hotlineModule: CityworkModule = {
  name: 'hotline',
  migrationsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  async routes(app, k) {
    hotlineRoutes(app, k);
    kbRoutes(app, k);
    await attachmentRoutes(app, k);
    assessmentRoutes(app, k);
    duplicateRoutes(app, k);
    insightRoutes(app, k);
    await open311Routes(app, k);
    overviewRoutes(app, k);
    classifyRoutes(app, k);
  },
  packLoaders: [catalogPackLoader, kbPackLoader, assessmentPackLoader, duplicatesPackLoader, proactivePackLoader, classifierPackLoader],
  commands: hotlineCommands,
  subscribers: hotlineNotices,
  jobs: (k) => [...hotlineJobs(k), ...proactiveJobs(k)],
  policy: {
    admin: [...hotlineStaff, 'hotline.case.handle', 'hotline.case.approve', 'hotline.proactive.handle', 'hotline.case.generate', 'hotline.model.train'],
    operator: hotlineStaff,
    dispatcher: [...hotlineStaff, 'hotline.case.approve'],
    handler: [read, assess, insight, 'hotline.proactive.handle', 'hotline.case.handle', 'hotline.case.approve', 'hotline.case.export', 'hotline.catalog.read', 'hotline.kb.read'],
    assessor: [read, assess, insight, 'hotline.case.export', 'hotline.catalog.read', 'hotline.kb.read'],
    analyst: [read, assess, insight, 'hotline.case.export', 'hotline.catalog.read', 'hotline.kb.read'],
    citizen: [read, 'hotline.case.create', 'hotline.case.callback', 'hotline.catalog.read', 'hotline.kb.read'],
  },
};

export { hotlineEvents, type CaseEventPayload, type NewCase, actOnCase } from './cases.js';
export { getCase, queryCases } from './case-reading.js';
// A case row as an actor may see it, read in the caller's transaction (monitoring notes a closed case's reply on its alarm).
export { loadVisible as loadVisibleCase } from './case-access.js';
export { caseTallies, firstCaseReceivedAt, type CaseTally } from './case-tallies.js';
// The monthly 三率 assessment, for indicators computed from it (the city checkup).
export { assessMonth } from './assessment-store.js';
export { fileCase, intakeStats } from './intake.js';
export { statuses, open311Status, type Status } from './workflow.js';
export { scanDeadlines, erasePersonalData } from './jobs.js';
// What a city pack's hotline files must look like, for pack builders and checkers.
export { categoriesFileSchema, dispatchFileSchema, deadlinesFileSchema, kbFileSchema, hotlineFiles, caseKinds, urgencies, type Attribute } from './pack-schema.js';
// Duplicate grouping and its evaluation on a message board's CSV, for benchmarks and checks.
export { evaluateGrouping, readBoardMessages } from './duplicates-eval.js';
// Insights: the synthetic generator, hotspots, monthly topics, proactive tasks.
export { generateCases, type PlantedCluster } from './generate.js';
export { hotspotMap } from './hotspots-store.js';
export { monthlyTopics } from './topics-store.js';
export { textTopics } from './text-topics.js';
export { openProactiveTasks, proactiveSettings, proactiveEvents } from './proactive-store.js';
// The category classifier (issue 5): training, prediction, evaluation.
export * as classifier from './classify/index.js';
export { suggestCategories, type CategorySuggestion, type CategorySuggestions } from './suggest.js';
export { trainCityModel, listModels, type ModelVersion } from './city-models.js';
