import { writeAudit } from '../../core/audit.js';
import { regionPrefix } from '../../core/auth/jurisdiction.js';
import { AppError } from '../../core/errors.js';
import { emitEvent } from '../../core/events.js';
import { newId } from '../../core/ids.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { c } from './library-store.js';
import { listProblems, type ProblemView } from './problems-store.js';

export const projectStatuses = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

/** The checkup's events, declared once. */
export const checkupEvents = { projectOpened: 'checkup.project.opened', projectProgressed: 'checkup.project.progressed' } as const;

// Which status may follow which: a project is planned, started, finished; it can be cancelled until done.
const next: Record<ProjectStatus, ProjectStatus[]> = { planned: ['in_progress', 'cancelled'], in_progress: ['done', 'cancelled'], done: [], cancelled: [] };

/** A renewal project with its problems and their re-checkup. */
export interface ProjectView {
  id: string;
  name: string;
  regionCode: string;
  status: ProjectStatus;
  percent: number;
  startDate: string | null;
  dueDate: string | null;
  finishedOn: string | null;
  note: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  problems: ProblemView[];
}

const date = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
function checkDate(v: string | null | undefined, field: string): void {
  if (v !== null && v !== undefined && !date.test(v)) throw new AppError('invalid', `${field} must be a date, YYYY-MM-DD`, { field });
}

/**
 * Opens a renewal project (城市更新项目) from problems of one region found by the checkup: each
 * problem can be in one project only. Writes the audit record and `checkup.project.opened`.
 */
export async function openProject(k: Kernel, ctx: RequestContext, input: { name: string; problems: string[]; startDate?: string | null; dueDate?: string | null; note?: string | null }): Promise<ProjectView> {
  const name = input.name?.trim();
  if (!name) throw new AppError('invalid', 'a project needs a name', { field: 'name' });
  if (!input.problems?.length) throw new AppError('invalid', 'a project is opened from at least one problem', { field: 'problems' });
  checkDate(input.startDate, 'startDate');
  checkDate(input.dueDate, 'dueDate');
  const found = await c(k.db).selectFrom('checkup_problems').select(['id', 'region_code']).where('city_code', '=', ctx.cityCode).where('id', 'in', input.problems).execute();
  const missing = input.problems.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw new AppError('not_found', `no problem ${missing.join(', ')}`, { field: 'problems' });
  const regions = [...new Set(found.map((f) => f.region_code))];
  if (regions.length > 1) throw new AppError('invalid', `a project's problems lie in one region; these lie in ${regions.join(', ')}`, { field: 'problems' });
  k.policy.check(ctx.actor, { action: 'checkup.project.write', regionCode: regions[0]! });
  const id = newId('prj', k.clock.now());
  await k.transaction(async (trx) => {
    const taken = await c(trx).selectFrom('checkup_project_problems').select(['problem_id', 'project_id']).where('problem_id', 'in', input.problems).forUpdate().execute();
    if (taken.length) throw new AppError('conflict', `problem ${taken[0]!.problem_id} is already in project ${taken[0]!.project_id}`, { field: 'problems', details: { taken } });
    await c(trx)
      .insertInto('checkup_projects')
      .values({ id, city_code: ctx.cityCode, name, region_code: regions[0]!, status: 'planned', percent: 0, start_date: input.startDate ?? null, due_date: input.dueDate ?? null, note: input.note ?? null, created_by: ctx.actor?.label ?? 'anonymous', created_at: k.clock.now(), updated_at: k.clock.now() })
      .execute();
    await c(trx).insertInto('checkup_project_problems').values(input.problems.map((p) => ({ project_id: id, problem_id: p }))).execute();
    await writeAudit(trx, ctx, { action: checkupEvents.projectOpened, resourceType: 'checkup_project', resourceId: id, after: { name, region: regions[0], problems: input.problems } });
    await emitEvent(trx, ctx.cityCode, checkupEvents.projectOpened, { id, region: regions[0], problems: input.problems });
  });
  return getProject(k, ctx, id);
}

/**
 * Records a project's progress: status (planned → in_progress → done; cancelled until done),
 * percent, dates, note. Done means 100 % and a finishing date (today, city time, unless given).
 */
export async function updateProject(
  k: Kernel,
  ctx: RequestContext,
  id: string,
  input: { status?: ProjectStatus; percent?: number; startDate?: string | null; dueDate?: string | null; finishedOn?: string | null; note?: string | null },
): Promise<ProjectView> {
  checkDate(input.startDate, 'startDate');
  checkDate(input.dueDate, 'dueDate');
  checkDate(input.finishedOn, 'finishedOn');
  if (input.percent !== undefined && !(input.percent >= 0 && input.percent <= 100)) throw new AppError('invalid', 'percent is from 0 to 100', { field: 'percent' });
  await k.transaction(async (trx) => {
    const p = await c(trx).selectFrom('checkup_projects').selectAll().where('city_code', '=', ctx.cityCode).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!p) throw new AppError('not_found', `no project ${id}`, { field: 'id' });
    k.policy.check(ctx.actor, { action: 'checkup.project.write', regionCode: p.region_code });
    if (p.status === 'done' || p.status === 'cancelled') throw new AppError('conflict', `the project is ${p.status}; it changes no more`, { field: 'status', details: { allowed: [] } });
    const status = input.status ?? p.status;
    if (status !== p.status && !next[p.status].includes(status)) throw new AppError('conflict', `a ${p.status} project cannot become ${status}`, { field: 'status', details: { allowed: next[p.status] } });
    const percent = status === 'done' ? 100 : (input.percent ?? p.percent);
    if (status === 'done' && input.percent !== undefined && input.percent !== 100) throw new AppError('invalid', 'a done project is 100 % done', { field: 'percent' });
    const today = new Date(k.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const change = {
      status,
      percent,
      start_date: input.startDate !== undefined ? input.startDate : (p.start_date ?? (status === 'in_progress' ? today : null)),
      due_date: input.dueDate !== undefined ? input.dueDate : p.due_date,
      finished_on: status === 'done' ? (input.finishedOn ?? today) : null,
      note: input.note !== undefined ? input.note : p.note,
      updated_at: k.clock.now(),
    };
    await c(trx).updateTable('checkup_projects').set(change).where('id', '=', id).execute();
    const before = { status: p.status, percent: p.percent, startDate: p.start_date, dueDate: p.due_date, finishedOn: p.finished_on };
    const after = { status: change.status, percent: change.percent, startDate: change.start_date, dueDate: change.due_date, finishedOn: change.finished_on };
    await writeAudit(trx, ctx, { action: checkupEvents.projectProgressed, resourceType: 'checkup_project', resourceId: id, before, after });
    await emitEvent(trx, ctx.cityCode, checkupEvents.projectProgressed, { id, region: p.region_code, ...after });
  });
  return getProject(k, ctx, id);
}

/** A project with its problems and, for each, whether the next checkup still found it. */
export async function getProject(k: Kernel, ctx: RequestContext, id: string): Promise<ProjectView> {
  const p = await c(k.db).selectFrom('checkup_projects').selectAll().where('city_code', '=', ctx.cityCode).where('id', '=', id).executeTakeFirst();
  if (!p) throw new AppError('not_found', `no project ${id}`, { field: 'id' });
  k.policy.check(ctx.actor, { action: 'checkup.evaluation.read', regionCode: p.region_code });
  const ids = (await c(k.db).selectFrom('checkup_project_problems').select('problem_id').where('project_id', '=', id).execute()).map((r) => r.problem_id);
  return viewOf(p, await listProblems(k, ctx, { ids }));
}

/** The projects of a region (opened for it or a region inside it), newest first. */
export async function listProjects(k: Kernel, ctx: RequestContext, { region, status }: { region?: string; status?: ProjectStatus } = {}): Promise<Omit<ProjectView, 'problems'>[]> {
  const actor = k.policy.check(ctx.actor, { action: 'checkup.evaluation.read' });
  let q = c(k.db).selectFrom('checkup_projects').selectAll().where('city_code', '=', ctx.cityCode);
  if (region) q = q.where('region_code', 'like', `${regionPrefix(region)}%`);
  if (status) q = q.where('status', '=', status);
  const rows = await q.orderBy('created_at', 'desc').limit(1000).execute();
  return rows.filter((r) => k.policy.allows(actor, { action: 'checkup.evaluation.read', regionCode: r.region_code })).map((r) => {
    const { problems: _p, ...rest } = viewOf(r, []);
    return rest;
  });
}

function viewOf(p: { id: string; name: string; region_code: string; status: ProjectStatus; percent: number; start_date: string | null; due_date: string | null; finished_on: string | null; note: string | null; created_by: string; created_at: Date | string; updated_at: Date | string }, problems: ProblemView[]): ProjectView {
  return { id: p.id, name: p.name, regionCode: p.region_code, status: p.status, percent: p.percent, startDate: p.start_date, dueDate: p.due_date, finishedOn: p.finished_on, note: p.note, createdBy: p.created_by, createdAt: new Date(p.created_at), updatedAt: new Date(p.updated_at), problems };
}
