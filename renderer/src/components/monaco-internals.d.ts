/**
 * The few Monaco internals the hunk-first diff provider plugs into (monaco-editor ships no types for its ESM
 * modules). Pinned to the monaco-editor version in package.json; the review e2e tests fail if they move.
 */
declare module 'monaco-editor/editor/standalone/browser/standaloneServices' {
  export const StandaloneServices: {
    initialize(overrides: Record<string, unknown>): unknown;
    get<T>(id: unknown): T;
  };
}

declare module 'monaco-editor/platform/instantiation/common/instantiation' {
  export const IInstantiationService: unknown;
}

declare module 'monaco-editor/editor/browser/widget/diffEditor/diffProviderFactoryService' {
  export const WorkerBasedDocumentDiffProvider: unknown;
}

declare module 'monaco-editor/editor/common/core/ranges/lineRange' {
  export class LineRange {
    constructor(startLineNumber: number, endLineNumberExclusive: number);
  }
}

declare module 'monaco-editor/editor/common/diff/rangeMapping' {
  import type { LineRange } from 'monaco-editor/editor/common/core/ranges/lineRange';
  export class DetailedLineRangeMapping {
    constructor(original: LineRange, modified: LineRange, innerChanges: unknown[] | undefined);
  }
}

/** The line diff Monaco's worker runs: the tests compare what it draws with our hunks. */
declare module 'monaco-editor/editor/common/diff/defaultLinesDiffComputer/defaultLinesDiffComputer' {
  interface Lines {
    startLineNumber: number;
    endLineNumberExclusive: number;
    isEmpty: boolean;
  }
  export class DefaultLinesDiffComputer {
    computeDiff(
      original: string[],
      modified: string[],
      options: { ignoreTrimWhitespace: boolean; maxComputationTimeMs: number; computeMoves: boolean },
    ): { changes: { original: Lines; modified: Lines; innerChanges?: unknown[] }[] };
  }
}
