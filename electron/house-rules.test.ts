import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// ARCHITECTURE.md's layers are lint errors (eslint.config.js, eslint-plugin-boundaries), and `npm test` runs the
// linter: these cases prove a forbidden import fails and an allowed one passes, so neither half can rot silently.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The boundary errors ESLint reports for `code` as if it were the file at `file` (relative to the repository). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

describe('house rules: forbidden imports fail the lint', () => {
  it('the renderer may not import electron/core at run time, nor through a type', async () => {
    const value = await boundaryErrors(
      'renderer/src/state/probe.ts',
      "import { Workbench } from '../../../electron/core/workbench/workbench';\nexport const w = Workbench;\n",
    );
    expect(value).toEqual([expect.stringContaining('only through electron/contract')]);
    const type = await boundaryErrors(
      'renderer/src/state/probe.ts',
      "import type { Workbench } from '../../../electron/core/workbench/workbench';\nexport type W = Workbench;\n",
    );
    expect(type).toHaveLength(1);
  });

  it("the core, the server, the CLI and the renderer may not import 'electron'", async () => {
    for (const file of [
      'electron/core/session/probe.ts',
      'electron/server/probe.ts',
      'electron/cli/probe.ts',
      'renderer/src/probe.ts',
    ]) {
      const errors = await boundaryErrors(file, "import { app } from 'electron';\nexport const a = app;\n");
      expect(errors, file).toEqual([expect.stringContaining("may import 'electron'")]);
    }
  });

  it('the renderer may not use Node built-ins; the contract imports nothing but zod', async () => {
    expect(
      await boundaryErrors('renderer/src/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('electron/contract/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'electron/contract/probe.ts',
        "import { Workbench } from '../core/workbench/workbench';\nexport const w = Workbench;\n",
      ),
    ).toHaveLength(1);
  });

  it('the core may not import a shell', async () => {
    const errors = await boundaryErrors(
      'electron/core/session/probe.ts',
      "import { startServer } from '../../server/serve';\nexport const s = startServer;\n",
    );
    expect(errors).toEqual([expect.stringContaining('never import a shell')]);
  });
});

describe('house rules: the imports the layers are built on pass', () => {
  it('renderer -> contract, core -> contract and Node, main -> core and Electron, preload -> Electron', async () => {
    const allowed: [string, string][] = [
      [
        'renderer/src/state/probe.ts',
        "import { REQUESTS } from '../../../electron/contract';\nimport { create } from 'zustand';\nexport const r = [REQUESTS, create];\n",
      ],
      [
        'electron/core/session/probe.ts',
        "import { REQUESTS } from '../../contract';\nimport fs from 'node:fs';\nexport const r = [REQUESTS, fs];\n",
      ],
      [
        'electron/main/probe.ts',
        "import { app } from 'electron';\nimport { Workbench } from '../core/workbench/workbench';\nexport const m = [app, Workbench];\n",
      ],
      [
        'electron/preload/probe.ts',
        "import { contextBridge } from 'electron';\nimport { REQUESTS } from '../contract';\nexport const p = [contextBridge, REQUESTS];\n",
      ],
      [
        'electron/cli/probe.ts',
        "import { Workbench } from '../core/workbench/workbench';\nexport const c = Workbench;\n",
      ],
    ];
    for (const [file, code] of allowed) expect(await boundaryErrors(file, code), file).toEqual([]);
  });
});
