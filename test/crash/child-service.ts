import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const ledgerScript = path.join(here, 'serve-ledger.ts');

/** A ledger service running in a child process, as the crash suite drives it. */
export interface ChildService {
  pid: number;
  url: string;
  /** Everything else the child printed on its `listening` line (a token, say). */
  info: Record<string, unknown>;
  /** Resolves with the exit code (null when a signal ended it) once the process is gone. */
  exited: Promise<number | null>;
  /** The last few kilobytes the child wrote to stderr, for failure messages. */
  stderr(): string;
  /** SIGKILL: no shutdown code runs, as in a power cut of the process. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the graceful stop; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** Starts a service script (`serve-ledger.ts` by default) with the given environment and waits until it listens. */
export async function startChildService(env: NodeJS.ProcessEnv, { timeoutMs = 60_000, script = ledgerScript }: { timeoutMs?: number; script?: string } = {}): Promise<ChildService> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let errText = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errText = (errText + chunk).slice(-8000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let info: Record<string, unknown> = {};
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the service did not listen within ${timeoutMs} ms; stderr:\n${errText}`));
    }, timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const listening = parseListening(line);
      if (!listening) return;
      clearTimeout(timer);
      info = listening;
      resolve(listening.listening as string);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code ?? 'signal'}) before it listened; stderr:\n${errText}`));
    });
  });
  return {
    pid: child.pid!,
    url,
    info,
    exited,
    stderr: () => errText,
    kill: async () => void (signal(child, 'SIGKILL') && (await exited)),
    async stop(stopTimeoutMs = 20_000) {
      if (!signal(child, 'SIGTERM')) return exited;
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

// Whether the signal was sent to a process still running.
function signal(child: ChildProcess, name: NodeJS.Signals): boolean {
  return child.exitCode === null && child.signalCode === null && child.kill(name);
}

function parseListening(line: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(line) as { listening?: unknown };
    return typeof parsed.listening === 'string' ? parsed : null;
  } catch {
    return null;
  }
}
