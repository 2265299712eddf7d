import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { hotlineTestService, type HotlineTestService } from '../../../test/support/hotline.js';
import type { CliContext, CliSession } from '../../core/module.js';
import { registerGenerateCommand } from './generate-cli.js';

/** `citywork hotline …` with only the generate command, on a session the test provides. */
async function run(args: string[], session: Partial<CliSession>): Promise<string[]> {
  const program = new Command().exitOverride();
  const cli: CliContext = { session: (fn) => fn({ direct: null, request: async () => ({}) as never, progress: () => ({ update() {}, stop() {} }), ...session } as CliSession) };
  registerGenerateCommand(program.command('hotline'), cli);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await program.parseAsync(['node', 'citywork', 'hotline', 'generate', ...args]);
    return log.mock.calls.map((c) => String(c[0]));
  } finally {
    log.mockRestore();
  }
}

describe('citywork hotline generate', () => {
  let s: HotlineTestService;
  beforeAll(async () => {
    s = await hotlineTestService();
  }, 120_000);
  afterAll(() => s?.close());

  it('asks the running service through its API', async () => {
    const request = vi.fn(async () => ({ cases: 20, ms: 5 }));
    expect(await run(['--days', '2', '--per-day', '10', '--seed', '3'], { request: request as CliSession['request'] })).toEqual(['generated 20 synthetic cases in 0.0 s']);
    expect(request).toHaveBeenCalledWith('POST', '/api/hotline/generate', { days: 2, perDay: 10, seed: 3 });
  });

  it('generates in-process with a progress bar when no service runs', async () => {
    const updates: string[] = [];
    let stopped = false;
    const out = await run(['--days', '2', '--per-day', '30'], {
      direct: { kernel: s.kernel, ctx: s.system },
      progress: () => ({ update: (done, total, unit) => void updates.push(`${done}/${total} ${unit}`), stop: () => void (stopped = true) }),
    });
    expect(out[0]).toMatch(/^generated 60 synthetic cases in \d+\.\d s$/);
    expect(updates.at(-1)).toBe('60/60 cases stored');
    expect(stopped).toBe(true);
  });

  it('says which flag is wrong', async () => {
    await expect(run(['--days', 'two', '--per-day', '10'], {})).rejects.toMatchObject({ kind: 'invalid', field: '--days' });
    await expect(run(['--days', '2', '--per-day', '0'], { direct: { kernel: s.kernel, ctx: s.system } })).rejects.toMatchObject({ kind: 'invalid', field: 'perDay' });
  });
});
