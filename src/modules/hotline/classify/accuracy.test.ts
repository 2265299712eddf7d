import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataDir } from '../../../../test/support/env.js';
import { defaultColumns, kFold, readMessageCsv, readTaxonomyCsv } from './index.js';

// The real messages of the 2020 TipDM cup (../shared/data, internal testing only: read, never copied).
const shared = sharedDataDir();
const dir = shared ? path.join(shared, 'citizen-messages') : null;
const present = dir !== null && existsSync(path.join(dir, 'labelled_train.csv'));
if (!present) process.stderr.write('\n[citywork tests] ../shared/data/citizen-messages is missing — the classifier accuracy test is skipped\n\n');

describe('the category classifier on real messages', () => {
  it.skipIf(!present)('5-fold: top-1 ≥ 0.80 and top-3 ≥ 0.95, with the unlabelled messages and the taxonomy', { timeout: 120_000 }, async () => {
    const file = (f: string) => path.join(dir!, f);
    const labelled = await readMessageCsv(file('labelled_train.csv'), { ...defaultColumns });
    const pool = { textColumns: defaultColumns.textColumns, replyColumn: defaultColumns.replyColumn };
    const unlabelled = [...(await readMessageCsv(file('attachment3_messages_with_votes_full.csv'), pool)), ...(await readMessageCsv(file('attachment4_messages_with_replies_full.csv'), pool))];
    const taxonomy = await readTaxonomyCsv(file('attachment1_category_taxonomy.csv'));
    const r = kFold({ labelled, unlabelled, taxonomy }, { folds: 5, seed: 1 });
    const ms = [...r.msEach].sort((a, b) => a - b)[r.msEach.length >> 1]!;
    console.log(`classifier 5-fold on ${r.n} messages: top1=${r.top1.toFixed(3)} top3=${r.top3.toFixed(3)} train=${(r.trainS.reduce((a, b) => a + b) / r.trainS.length).toFixed(1)} s/fold, median ${ms.toFixed(3)} ms/message`);
    expect(r.n).toBe(labelled.length);
    expect(r.top1).toBeGreaterThanOrEqual(0.8);
    expect(r.top3).toBeGreaterThanOrEqual(0.95);
    expect(ms).toBeLessThan(1);
  });
});
