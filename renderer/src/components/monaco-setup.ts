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
 * Monaco's vs-dark, readable (WCAG 1.4.3, 4.5:1) on the editor and on a diff's added and removed lines: the
 * colours that fell short (comments, regular expressions, annotations, HTML/XML delimiters and meta tags,
 * Pug ids and classes, SQL strings, predefined variables, invalid text, the final line's dimmed number) are lighter in
 * the same hue; changed lines are tinted more lightly, and the changed characters within them are outlined
 * instead of tinted a second time (as the high-contrast themes do), which had left code at 2:1.
 */
export const TRELLIS_THEME = 'trellis-dark';
monaco.editor.defineTheme(TRELLIS_THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '7ca668' },
    { token: 'regexp', foreground: 'cc85ae' },
    { token: 'annotation', foreground: 'd98585' },
    { token: 'delimiter.html', foreground: '999999' },
    { token: 'delimiter.xml', foreground: '999999' },
    { token: 'tag.id.pug', foreground: '779fd9' },
    { token: 'tag.class.pug', foreground: '779fd9' },
    { token: 'string.sql', foreground: 'ff6b6b' },
    { token: 'variable.predefined', foreground: '7d9be0' },
    { token: 'invalid', foreground: 'ff6b6b' },
    { token: 'metatag', foreground: 'e8868a' },
    { token: 'metatag.html', foreground: '999999' },
    { token: 'metatag.xml', foreground: '999999' },
  ],
  colors: {
    'editorLineNumber.dimmedForeground': '#858585',
    'diffEditor.insertedLineBackground': '#9bb9551c',
    'diffEditor.removedLineBackground': '#ff000024',
    'diffEditor.insertedTextBackground': '#00000000',
    'diffEditor.removedTextBackground': '#00000000',
    'diffEditor.insertedTextBorder': '#9ccc2c99',
    'diffEditor.removedTextBorder': '#ff5a5a99',
  },
});

export { monaco };
