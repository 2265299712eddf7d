import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ESLint } from 'eslint';

// The module boundary of ARCHITECTURE.md: a module is imported only through its index.ts.
describe('module boundary lint rule', () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.resolve(file) });
    return result!.messages.filter((m) => m.ruleId === 'citywork/module-boundary').map((m) => m.message);
  };

  it('refuses a module importing another module internals', async () => {
    expect(await lint('src/modules/hotline/dispatch.ts', "import { x } from '../regions/store.js';\nexport const y = x;\n")).toEqual([
      expect.stringContaining('import another module only through its index.ts'),
    ]);
  });
  it('refuses the core importing any module', async () => {
    expect(await lint('src/core/events.ts', "import { x } from '../modules/regions/index.js';\nexport const y = x;\n")).toHaveLength(1);
  });
  it('allows a module importing another through its index', async () => {
    expect(await lint('src/modules/hotline/dispatch.ts', "import { x } from '../regions/index.js';\nexport const y = x;\n")).toEqual([]);
  });
  it('allows a module importing its own files and the core', async () => {
    expect(await lint('src/modules/hotline/dispatch.ts', "import { x } from './sla.js';\nimport { AppError } from '../../core/errors.js';\nexport const y = [x, AppError];\n")).toEqual([]);
  });
  it('allows the server composing modules through their index', async () => {
    expect(await lint('src/server.ts', "import { x } from './modules/regions/index.js';\nexport const y = x;\n")).toEqual([]);
    expect(await lint('src/server.ts', "import { x } from './modules/regions/store.js';\nexport const y = x;\n")).toHaveLength(1);
  });
});
