import type { Command } from 'commander';
import type { CliContext } from '../../core/module.js';
import { AppError } from '../../core/errors.js';
import { defaultColumns, evaluateFiles } from './classify/index.js';
import { registerGenerateCommand } from './generate-cli.js';
import { registerTrainCommand } from './train-cli.js';

/** `citywork hotline evaluate …` (the category classifier measured on a labelled file, offline), `hotline generate` and `hotline train`. */
export function hotlineCommands(program: Command, cli: CliContext): void {
  const hotline = program.command('hotline').description('the citizens’ service hotline (12345)');
  registerGenerateCommand(hotline, cli);
  registerTrainCommand(hotline, cli);
  hotline
    .command('evaluate')
    .description('train the category classifier on a labelled CSV (plus unlabelled messages and a taxonomy) and print its top-1/top-3 accuracy on a labelled test CSV as one line of JSON; needs no database')
    .requiredOption('--train <csv>', 'labelled messages to train on')
    .requiredOption('--test <csv>', 'labelled messages to score')
    .option('--unlabelled <csv>', 'unlabelled messages of the same source, for self-training (repeatable; a 答复意见 column gives weak labels)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--taxonomy <csv>', 'category taxonomy: 一级分类,二级分类,三级分类')
    .option('--text-columns <columns>', 'comma-separated text columns, the title first', defaultColumns.textColumns.join(','))
    .option('--label-column <column>', 'the label column of --train and --test', defaultColumns.labelColumn)
    .action(async (o: { train: string; test: string; unlabelled: string[]; taxonomy?: string; textColumns: string; labelColumn: string }) => {
      const textColumns = o.textColumns.split(',').map((c) => c.trim()).filter(Boolean);
      if (!textColumns.length) throw new AppError('invalid', '--text-columns needs at least one column name', { field: 'text-columns' });
      if (!o.labelColumn.trim()) throw new AppError('invalid', '--label-column needs a column name', { field: 'label-column' });
      const started = performance.now();
      // Training on thousands of messages takes seconds: say what is happening, on a terminal only.
      const onStage = process.stderr.isTTY ? (stage: string) => process.stderr.write(`hotline evaluate: ${stage} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`) : undefined;
      const result = await evaluateFiles({ train: o.train, test: o.test, unlabelled: o.unlabelled, taxonomy: o.taxonomy, columns: { textColumns, labelColumn: o.labelColumn.trim() }, onStage });
      console.log(JSON.stringify(result));
    });
}
