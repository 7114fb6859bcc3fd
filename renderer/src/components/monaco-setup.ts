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

/**
 * Monaco's vs-dark with every colour that reached less than 4.5:1 on its background (WCAG 1.4.3) made
 * lighter, in the same hue: comments, regular expressions, annotations, HTML/XML delimiters, Pug ids and
 * classes, SQL strings, predefined variables, and the dimmed number of a file's final empty line.
 */
export const TRELLIS_THEME = 'trellis-dark';
monaco.editor.defineTheme(TRELLIS_THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '6a9955' },
    { token: 'regexp', foreground: 'c47aa5' },
    { token: 'annotation', foreground: 'd47a7a' },
    { token: 'delimiter.html', foreground: '8f8f8f' },
    { token: 'delimiter.xml', foreground: '8f8f8f' },
    { token: 'tag.id.pug', foreground: '6a93d0' },
    { token: 'tag.class.pug', foreground: '6a93d0' },
    { token: 'string.sql', foreground: 'ff5a5a' },
    { token: 'variable.predefined', foreground: '6f8fd8' },
  ],
  colors: { 'editorLineNumber.dimmedForeground': '#858585' },
});

export { monaco };
