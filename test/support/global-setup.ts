import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { PGlite } from '@electric-sql/pglite';
import { requiredEnv } from './env.js';

/**
 * Once per run: a migrated-nothing PGlite data directory as a tarball, which every test loads
 * in a fraction of the time an initdb takes; and the checks that CI has what it must test.
 */
export default async function setup(project: TestProject) {
  requiredEnv();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-test-'));
  const pglite = await PGlite.create();
  const tar = await pglite.dumpDataDir('none');
  await pglite.close();
  const file = path.join(dir, 'pglite-template.tar');
  await fs.writeFile(file, Buffer.from(await tar.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
