import { AppError, isAppError } from '../../../core/errors.js';
import { defaultColumns, readMessageCsv, type Message, type MessageColumns } from './csv.js';
import { assignFolds } from './folds.js';
import { predict, prepareModel, toClassifierModel, type ClassifierModel } from './model.js';
import { readTaxonomyCsv, type TaxonomyRow } from './taxonomy.js';
import { train, type TrainOptions } from './train.js';

/** How well a classifier does on labelled messages: top-1 and top-3 accuracy, and prediction time per message. */
export interface Evaluation {
  top1: number;
  top3: number;
  n: number;
  msPerMessage: number;
}

/**
 * Scores a model on labelled test messages; the time is prediction only (cutting, vectorising,
 * scoring), per message, with the model's tables built beforehand as a loaded model has them.
 */
export function evaluateModel(model: ClassifierModel, test: Message[]): Evaluation & { msEach: number[] } {
  prepareModel(model);
  let top1 = 0;
  let top3 = 0;
  const msEach: number[] = [];
  for (const m of test) {
    const t = performance.now();
    const ranked = predict(model, m, 3);
    msEach.push(performance.now() - t);
    const at = ranked.findIndex((s) => s.label === m.label);
    if (at === 0) top1++;
    if (at >= 0) top3++;
  }
  const n = test.length;
  return { top1: n ? top1 / n : 0, top3: n ? top3 / n : 0, n, msPerMessage: n ? msEach.reduce((a, b) => a + b, 0) / n : 0, msEach };
}

/** What k-fold cross-validation learns from besides the folds. */
export interface KFoldInput {
  labelled: Message[];
  unlabelled?: Message[];
  taxonomy?: TaxonomyRow[];
  options?: TrainOptions;
}

/** One k-fold run: the pooled figures, each fold's training seconds and every message's prediction time. */
export interface KFoldResult extends Evaluation {
  trainS: number[];
  msEach: number[];
}

/**
 * Stratified k-fold cross-validation, seeded: every labelled message is tested once by a model
 * that never saw its label; the unlabelled messages and the taxonomy are given to every fold.
 */
export function kFold({ labelled, unlabelled = [], taxonomy = [], options = {} }: KFoldInput, { folds = 5, seed = 1, onFold }: { folds?: number; seed?: number; onFold?: (done: number, total: number) => void } = {}): KFoldResult {
  const fold = assignFolds(labelled.map((m) => m.label ?? ''), folds, seed);
  let top1 = 0;
  let top3 = 0;
  const trainS: number[] = [];
  const msEach: number[] = [];
  for (let f = 0; f < folds; f++) {
    const test = labelled.filter((_, i) => fold[i] === f);
    const t = performance.now();
    const model = toClassifierModel(train({ labelled: labelled.filter((_, i) => fold[i] !== f), unlabelled, taxonomy, options }));
    trainS.push((performance.now() - t) / 1000);
    const e = evaluateModel(model, test);
    top1 += e.top1 * e.n;
    top3 += e.top3 * e.n;
    msEach.push(...e.msEach);
    onFold?.(f + 1, folds);
  }
  const n = labelled.length;
  return { top1: n ? top1 / n : 0, top3: n ? top3 / n : 0, n, msPerMessage: n ? msEach.reduce((a, b) => a + b, 0) / n : 0, trainS, msEach };
}

/** The files `citywork hotline evaluate` reads. */
export interface EvaluateFiles {
  train: string;
  test: string;
  unlabelled?: string[];
  taxonomy?: string;
  columns?: { textColumns?: string[]; labelColumn?: string };
  options?: TrainOptions;
  /** Told when each stage starts, for a progress line. */
  onStage?: (stage: string) => void;
}

/**
 * Trains on the labelled training file (plus the unlabelled files and the taxonomy) and scores
 * the labelled test file: fractions and milliseconds rounded to 3 decimals.
 */
export async function evaluateFiles({ train: trainFile, test: testFile, unlabelled = [], taxonomy, columns = {}, options, onStage }: EvaluateFiles): Promise<Evaluation> {
  const labelColumn = columns.labelColumn ?? defaultColumns.labelColumn;
  const textColumns = columns.textColumns ?? [...defaultColumns.textColumns];
  onStage?.('reading');
  const labelled = await readFor('--train', trainFile, { textColumns, labelColumn });
  const test = await readFor('--test', testFile, { textColumns, labelColumn });
  const pool: Message[] = [];
  for (const f of unlabelled) pool.push(...(await readFor('--unlabelled', f, { textColumns, replyColumn: defaultColumns.replyColumn })));
  const rows = taxonomy ? await withOption('--taxonomy', () => readTaxonomyCsv(taxonomy)) : [];
  onStage?.(`training on ${labelled.length} labelled, ${pool.length} unlabelled messages and ${rows.length} taxonomy rows`);
  const model = toClassifierModel(train({ labelled, unlabelled: pool, taxonomy: rows, options }));
  onStage?.(`predicting ${test.length} messages`);
  const e = evaluateModel(model, test);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { top1: r(e.top1), top3: r(e.top3), n: e.n, msPerMessage: r(e.msPerMessage) };
}

function readFor(option: string, file: string, columns: MessageColumns): Promise<Message[]> {
  return withOption(option, () => readMessageCsv(file, columns));
}

// The option a file came from leads the message, so a failure says which one to fix.
async function withOption<T>(option: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (isAppError(err)) throw new AppError(err.kind, `${option} ${err.message}`, { field: err.field ?? option.slice(2), cause: err });
    throw err;
  }
}
