// The hotline category classifier on the real messages of ../shared/data/citizen-messages
// (read only, never copied): repeated stratified 5-fold top-1/top-3 with the unlabelled
// messages and the taxonomy, the ablation of what each part adds, prediction time per message,
// and the time to train on all the shared data. Prints one JSON object.
// `--quick` is the smoke run CI makes: 2 folds, one seed, no ablation.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifier } from '../src/modules/hotline/index.js';

const { defaultColumns, kFold, readMessageCsv, readTaxonomyCsv, serialiseModel, trainClassifier } = classifier;
type KFoldInput = classifier.KFoldInput;
type TrainOptions = classifier.TrainOptions;

const quick = process.argv.includes('--quick');
const dir = path.resolve(process.cwd(), '..', 'shared', 'data', 'citizen-messages');
const result: Record<string, unknown> = { benchmark: 'classify', quick, node: process.version, cpus: os.cpus().length };

if (!existsSync(path.join(dir, 'labelled_train.csv'))) {
  result.skipped = `no shared data at ${dir}`;
  console.log(JSON.stringify(result));
  process.exit(0);
}

const file = (f: string) => path.join(dir, f);
const pool = { textColumns: defaultColumns.textColumns, replyColumn: defaultColumns.replyColumn };
const labelled = await readMessageCsv(file('labelled_train.csv'), defaultColumns);
const unlabelled = [...(await readMessageCsv(file('attachment3_messages_with_votes_full.csv'), pool)), ...(await readMessageCsv(file('attachment4_messages_with_replies_full.csv'), pool))];
const taxonomy = await readTaxonomyCsv(file('attachment1_category_taxonomy.csv'));

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const progress = (s: string) => process.stderr.isTTY && process.stderr.write(`classify bench: ${s}\n`);

// Cold: the messages are cut here for the first time, as on a fresh start.
progress(`training on all: ${labelled.length} labelled, ${unlabelled.length} unlabelled, ${taxonomy.length} taxonomy rows`);
let t = performance.now();
const model = trainClassifier({ labelled, unlabelled, taxonomy });
result.fullTraining = { seconds: round((performance.now() - t) / 1000, 1), vocabulary: model.vocabulary.length, pseudoLabelled: model.trainedOn.pseudoLabelled, temperature: model.temperature, jsonMB: round(serialiseModel(model).length / 1e6, 2) };

const folds = quick ? 2 : 5;
const seeds = quick ? [1] : [1, 2, 3, 4, 5];
function repeated(input: KFoldInput, over: number[]) {
  const runs = over.map((seed) => kFold(input, { folds, seed }));
  const stat = (k: 'top1' | 'top3') => {
    const xs = runs.map((r) => r[k]);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return { mean: round(mean), min: round(Math.min(...xs)), max: round(Math.max(...xs)), sd: round(Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length)) };
  };
  const ms = runs.flatMap((r) => r.msEach);
  const trainS = runs.flatMap((r) => r.trainS);
  return { top1: stat('top1'), top3: stat('top3'), msPerMessage: { median: round(quantile(ms, 0.5)), p95: round(quantile(ms, 0.95)), mean: round(ms.reduce((a, b) => a + b, 0) / ms.length) }, trainSecondsPerFold: round(trainS.reduce((a, b) => a + b, 0) / trainS.length, 2) };
}

progress(`${folds}-fold × ${seeds.length} seeds`);
t = performance.now();
result.kFold = { folds, seeds, n: labelled.length, ...repeated({ labelled, unlabelled, taxonomy }, seeds), wallSeconds: 0 };
(result.kFold as { wallSeconds: number }).wallSeconds = round((performance.now() - t) / 1000, 1);

if (!quick) {
  // Each step adds one thing to the one before; the last is the default training.
  const steps: [string, TrainOptions, boolean, boolean][] = [
    ['base: char 1–2-grams, TF-IDF, logistic regression', { words: false, ngrams: [1, 2], titleWeight: 1, taxonomyWeight: 0 }, false, false],
    ['+ jieba segmentation', { words: true, ngrams: [1, 2], titleWeight: 1, taxonomyWeight: 0 }, false, false],
    ['+ trigrams', { ngrams: [1, 2, 3], titleWeight: 1, taxonomyWeight: 0 }, false, false],
    ['+ title weight 4', { taxonomyWeight: 0 }, false, false],
    ['+ taxonomy (weight 8)', {}, true, false],
    ['+ unlabelled: idf only', { selfRounds: 0 }, true, true],
    ['+ unlabelled: self-training', { replyTrust: 0 }, true, true],
    ['+ reply departments as priors (default)', {}, true, true],
  ];
  const ablationSeeds = [1, 2, 3];
  result.ablation = steps.map(([step, options, withTaxonomy, withUnlabelled]) => {
    progress(step);
    const r = repeated({ labelled, unlabelled: withUnlabelled ? unlabelled : [], taxonomy: withTaxonomy ? taxonomy : [], options }, ablationSeeds);
    return { step, top1: r.top1.mean, top3: r.top3.mean, top1Range: [r.top1.min, r.top1.max], top3Range: [r.top3.min, r.top3.max] };
  });
}
console.log(JSON.stringify(result));
