import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { AppError, isAppError } from '../../core/errors.js';
import { aqiStandard } from './aqi/standards.js';
import { checkedAqiRequest } from './input-checks/aqi-plausibility.js';
import { standardIds } from './aqi/types.js';

/** `field=value` arguments as an object of decimal texts; `invalid` naming the argument when one is malformed. */
export function parseFieldArgs(args: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const arg of args) {
    const m = /^([a-z0-9_]+)=(.*)$/.exec(arg);
    if (!m) throw new AppError('invalid', `expected <field>=<value>, got ${JSON.stringify(arg)} (e.g. pm25_24h=64)`, { field: arg });
    fields[m[1]!] = m[2]!;
  }
  return fields;
}

/**
 * Reads one JSON object per line (`{"standard": …, <field>: …}`) and writes one result line
 * each; a bad line gets `{"error": {…}}` on its line and the rest go on. Returns the counts.
 */
export async function aqiJsonl(input: Readable, output: Writable, { standard }: { standard?: string } = {}): Promise<{ lines: number; errors: number }> {
  let lines = 0;
  let errors = 0;
  let buffer: string[] = [];
  const flush = async () => {
    if (!buffer.length) return;
    const chunk = buffer.join('');
    buffer = [];
    if (!output.write(chunk)) await once(output, 'drain');
  };
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (!line.trim()) continue;
    lines++;
    let out: unknown;
    try {
      let body: unknown;
      try {
        body = JSON.parse(line);
      } catch (err) {
        throw new AppError('invalid', `line ${lines} is not JSON: ${(err as Error).message}`, { field: 'line' });
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('invalid', `line ${lines} must be a JSON object {"standard": …, <field>: …}`, { field: 'line' });
      out = checkedAqiRequest(body as Record<string, unknown>, { standard });
    } catch (err) {
      if (!isAppError(err)) throw err;
      errors++;
      out = err.toBody();
    }
    buffer.push(`${JSON.stringify(out)}\n`);
    if (buffer.length >= 512) await flush();
  }
  await flush();
  return { lines, errors };
}

/** `citywork aqi`: the AQI of concentrations given as arguments or as JSON lines on stdin; opens no database. */
export function registerAqiCommand(program: Command): void {
  program
    .command('aqi')
    .description('AQI under HJ 633-2012, HJ 633-2026 or US EPA 2024, printed as one line of JSON; needs no database or service')
    .argument('[fields...]', '<field>=<value> pairs: pm25_24h=64 o3_8h=120 … (HJ 633: µg/m³, CO mg/m³; EPA: PM µg/m³, O3 and CO ppm, SO2 and NO2 ppb)')
    .addOption(new Option('--standard <id>', 'the standard (with --jsonl: for lines that name none)').choices([...standardIds]))
    .option('--jsonl', 'read one JSON object per line on stdin ({"standard": …, <field>: …}) and write one result line each')
    .action(async (args: string[], o: { standard?: string; jsonl?: boolean }) => {
      if (o.jsonl) {
        if (args.length) throw new AppError('invalid', 'with --jsonl the concentrations come from stdin, not arguments', { field: args[0] });
        const { lines, errors } = await aqiJsonl(process.stdin, process.stdout, { standard: o.standard });
        if (process.stderr.isTTY) process.stderr.write(`aqi: ${lines} line(s), ${errors} refused\n`);
        return;
      }
      if (!o.standard) throw new AppError('invalid', `--standard is required: ${standardIds.join(', ')}`, { field: 'standard' });
      console.log(JSON.stringify(checkedAqiRequest({ ...parseFieldArgs(args), standard: aqiStandard(o.standard).id })));
    });
}
