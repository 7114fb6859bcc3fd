/**
 * Monaco's diff editor, shown from the hunks Trellis already has. The review pane gets each file's hunks from
 * Node (the same diff the hunk list and Accept/Reject use); Monaco would compute the diff again in its worker,
 * which for a 10,000-line file with a thousand changes takes half a second before anything is highlighted. This
 * provider answers at once with those hunks (line-level), then asks the worker in the background and, when it
 * answers, lets the editor redraw with Monaco's character-level detail within the same lines (where the worker
 * drew other lines, ours stay). Files without known hunks go to the worker as before.
 */
import type { editor } from 'monaco-editor/editor/editor.api';
import { LineRange } from 'monaco-editor/editor/common/core/ranges/lineRange';
import { DetailedLineRangeMapping } from 'monaco-editor/editor/common/diff/rangeMapping';
import { WorkerBasedDocumentDiffProvider } from 'monaco-editor/editor/browser/widget/diffEditor/diffProviderFactoryService';
import { StandaloneServices } from 'monaco-editor/editor/standalone/browser/standaloneServices';
import { IInstantiationService } from 'monaco-editor/platform/instantiation/common/instantiation';
import type { ReviewHunk } from '../../../electron/contract';
import { hunksToChanges, refinedAlike, type MappedLines } from './hunk-ranges';

interface DocumentDiff {
  changes: unknown[];
  identical: boolean;
  quitEarly: boolean;
  moves: unknown[];
}
interface DiffProvider {
  computeDiff(
    original: editor.ITextModel,
    modified: editor.ITextModel,
    options: unknown,
    token: unknown,
  ): Promise<DocumentDiff>;
  onDidChange(listener: () => void): { dispose(): void };
  dispose?(): void;
}

/**
 * Hunks of the file a modified-side model shows, registered by the diff view before it sets the models. Keyed
 * weakly by the Monaco model (it goes when the model is disposed): data about an editor model, not the window's state.
 */
const known = new WeakMap<
  editor.ITextModel,
  { hunks: ReviewHunk[]; refined?: DocumentDiff; asked?: boolean; onRefined?: () => void }
>();

/** Our line-level changes, each with the worker's character detail where it drew the same lines. */
function ourChanges(hunks: ReviewHunk[], worker?: DocumentDiff): DocumentDiff {
  const ours = hunksToChanges(hunks);
  const refined = (worker?.changes ?? []) as (DetailedLineRangeMapping & MappedLines)[];
  const alike = refinedAlike(ours, refined);
  const changes = ours.map((c, i) =>
    alike[i] >= 0
      ? refined[alike[i]]
      : new DetailedLineRangeMapping(new LineRange(...c.original), new LineRange(...c.modified), undefined),
  );
  return { changes, identical: changes.length === 0, quitEarly: false, moves: [] };
}

/** `onRefined`: told once the worker's character-level detail is in (the view says so to tests and tools). */
export function showHunksFor(modified: editor.ITextModel, hunks: ReviewHunk[], onRefined?: () => void): void {
  known.set(modified, { hunks, onRefined });
}

class HunkFirstDiffProvider implements DiffProvider {
  private readonly listeners = new Set<() => void>();
  private worker: DiffProvider | null = null;

  constructor(private readonly options: unknown) {}

  onDidChange = (listener: () => void) => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  async computeDiff(
    original: editor.ITextModel,
    modified: editor.ITextModel,
    options: unknown,
    token: unknown,
  ): Promise<DocumentDiff> {
    const entry = known.get(modified);
    if (!entry) return this.workerProvider().computeDiff(original, modified, options, token);
    if (entry.refined) return entry.refined;
    if (!entry.asked) {
      entry.asked = true;
      // After this diff is on screen (handing the models to the worker costs the main thread too), ask the
      // worker; its answer replaces ours once it is there, unless it gave up early (ours is exact).
      setTimeout(() => {
        if (modified.isDisposed() || original.isDisposed()) return;
        void this.workerProvider()
          .computeDiff(original, modified, options, token)
          .then((result) => {
            if (result.quitEarly || modified.isDisposed() || original.isDisposed() || known.get(modified) !== entry)
              return;
            entry.refined = ourChanges(entry.hunks, result);
            for (const listener of this.listeners) listener();
            entry.onRefined?.();
          })
          .catch(() => {});
      }, 100);
    }
    return ourChanges(entry.hunks);
  }

  dispose() {
    this.listeners.clear();
    this.worker?.dispose?.();
  }

  private workerProvider(): DiffProvider {
    this.worker ??= StandaloneServices.get<{ createInstance(ctor: unknown, ...args: unknown[]): DiffProvider }>(
      IInstantiationService,
    ).createInstance(WorkerBasedDocumentDiffProvider, this.options);
    return this.worker;
  }
}

/** Monaco's services are process-wide and fixed once set: a fact about Monaco, not about a workspace or session. */
let installed = false;

/** Must run before Monaco creates its first editor: its services are fixed from then on. */
export function installHunkDiffProvider(): void {
  if (installed) return;
  installed = true;
  StandaloneServices.initialize({
    diffProviderFactoryService: {
      _serviceBrand: undefined,
      createDiffProvider: (options: unknown) => new HunkFirstDiffProvider(options),
    },
  });
}
