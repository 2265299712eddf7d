import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CityworkModule } from '../../core/module.js';
import { checkupRoutes } from './routes.js';
import { importRoutes } from './routes-import.js';
import { problemRoutes } from './routes-problems.js';
import { libraryPackLoader, valuesPackLoader } from './pack-loader.js';
import { receiveProviders } from './providers.js';
import { hotlineProviders } from './providers-hotline.js';
import { regionsProviders } from './providers-regions.js';
import { checkupProviders } from './providers-checkup.js';
import { checkupCommands } from './cli.js';
import { reportRoutes } from './report/routes.js';
import { checkupJobs } from './demo-values.js';

const read = ['checkup.indicator.read', 'checkup.evaluation.read'];
const analyse = [...read, 'checkup.value.import', 'checkup.value.compute', 'checkup.evaluation.record', 'checkup.project.write'];

/**
 * The city checkup (城市体检): an indicator library over the seven tasks and the four levels,
 * values imported or computed by other modules' indicator providers, evaluation against
 * versioned standards with trend and rank, problems opened as renewal projects and checked
 * again the next year, composites with their rank uncertainty. See ARCHITECTURE.md.
 */
export const checkupModule: CityworkModule = {
  name: 'checkup',
  migrationsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  async routes(app, k) {
    checkupRoutes(app, k);
    problemRoutes(app, k);
    reportRoutes(app, k);
    await importRoutes(app, k);
  },
  // The demo city's first start: the current year's indicators, computed once its pack, cases and accounts exist.
  jobs: checkupJobs,
  packLoaders: [libraryPackLoader, valuesPackLoader],
  // What the checkup computes itself from the hotline's and the regions' public faces; other modules bring theirs.
  indicators: [...hotlineProviders, ...regionsProviders, ...checkupProviders],
  receiveIndicators: receiveProviders,
  commands: checkupCommands,
  policy: {
    admin: [...analyse, 'checkup.standard.write'],
    analyst: analyse,
    assessor: read,
    engineer: [...read, 'checkup.project.write'],
  },
};

// The public face: the pieces other modules and tools may use.
export { evaluate, recordEvaluation, type Evaluation } from './evaluation-store.js';
export { computeIndicators, type ComputeReport } from './compute-store.js';
export { importValues, type ImportReport } from './import-store.js';
export { importTemplate } from './template.js';
export { compositeFor } from './composite-store.js';
export { listProblems } from './problems-store.js';
export { openProject, updateProject, getProject, listProjects, checkupEvents } from './projects-store.js';
export { listIndicators } from './library-view.js';
export { parseLibrary, indicatorSchema, libraryFileSchema } from './indicator-schema.js';
export { tasks, taskNames, levels, levelNames } from './tasks.js';
// Reports a city can hand out: one document, rendered to HTML, PDF and XLSX.
export { buildCheckupReport, composeReport } from './report/build-report.js';
export { renderCheckupReport, reportFormats, type ReportFormat, type RenderedReport } from './report/render-report.js';
export { gatherReportData, type ReportData } from './report/report-data.js';
export { computeDemoValues } from './demo-values.js';
export { regionsWithValues } from './values-store.js';
