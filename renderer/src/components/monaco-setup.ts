// Monaco, bundled with the app (never from a CDN): the editor core, syntax
// colouring for common languages, and its worker as a same-origin file.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/basic-languages/monaco.contribution';
// The icon font (diff gutter +/-, folding arrows): the core API alone leaves it out.
import 'monaco-editor/features/codicon/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { installHunkDiffProvider } from './hunk-diff-provider';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

// Before any editor exists: diffs are shown from the hunks Trellis computed (see hunk-diff-provider.ts).
installHunkDiffProvider();

export { monaco };
