import { ESLint } from 'eslint';
import fs from 'node:fs';
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

/** electron/core's folders (session, crew, config, ...) and the folders each loads at run time (type imports are erased). */
function coreFolderImports(): Map<string, Set<string>> {
  const core = path.join(root, 'electron/core');
  const graph = new Map<string, Set<string>>();
  const files = fs
    .readdirSync(core, { recursive: true, encoding: 'utf8' })
    .filter((f) => /(?<!\.test|\.d)\.ts$/.test(f));
  for (const file of files) {
    const from = file.split(path.sep)[0];
    const source = fs.readFileSync(path.join(core, file), 'utf8');
    const specifiers = source.matchAll(
      /^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?'(\.[^']+)'|\bimport\('(\.[^']+)'\)/gm,
    );
    for (const [, fromClause, dynamic] of specifiers) {
      const target = path.relative(core, path.resolve(path.dirname(path.join(core, file)), fromClause ?? dynamic));
      const to = target.split(path.sep)[0];
      if (target.startsWith('..') || to === from) continue;
      graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** Every cycle among the graph's folders, each named once from its alphabetically first folder. */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found = new Set<string>();
  const walk = (node: string, trail: string[]): void => {
    const at = trail.indexOf(node);
    if (at >= 0) {
      const loop = trail.slice(at);
      const start = loop.indexOf([...loop].sort()[0]);
      found.add([...loop.slice(start), ...loop.slice(0, start), loop[start]].join(' -> '));
      return;
    }
    for (const next of graph.get(node) ?? []) walk(next, [...trail, node]);
  };
  for (const node of graph.keys()) walk(node, []);
  return [...found].sort();
}

describe('house rules: core/* -> core/* without cycles', () => {
  it('the cycle finder sees a cycle and a clean graph', () => {
    const graph = (edges: [string, string][]) => new Map(edges.map(([a, b]) => [a, new Set([b])]));
    expect(
      cycles(
        graph([
          ['config', 'crew'],
          ['crew', 'session'],
          ['session', 'config'],
        ]),
      ),
    ).toEqual(['config -> crew -> session -> config']);
    expect(
      cycles(
        graph([
          ['crew', 'session'],
          ['session', 'config'],
        ]),
      ),
    ).toEqual([]);
  });

  it("core's folders load one another without cycles", () => {
    const graph = coreFolderImports();
    expect(graph.get('session')?.has('config')).toBe(true); // the scan sees real imports
    expect(graph.get('review')?.has('apply-patch')).toBe(true); // review parses patches with the patch engine...
    expect(graph.get('tools')?.has('review')).toBe(true); // ...which the tools reach through review, not the other way
    expect(cycles(graph)).toEqual([]);
  });
});
