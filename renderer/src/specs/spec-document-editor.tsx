import { useEffect, useEffectEvent, useRef } from 'react';
import type { SpecDiagnostic } from '../../../electron/contract';
import { monaco, TRELLIS_THEME } from '../components/monaco-setup';

const MARKER_OWNER = 'trellis-spec-lint';

export interface SpecDocumentEditorProps {
  /** Relative to the workspace root; names the Monaco model. */
  path: string;
  text: string;
  /** This document's findings, shown as markers on their lines. */
  diagnostics: SpecDiagnostic[];
  /** Scroll to and put the cursor on this line; `nonce` makes a repeated request for the same line count. */
  reveal?: { line: number; nonce: number } | null;
}

/**
 * One spec document, read-only in Monaco, with the EARS, traceability and graph diagnostics as markers. The text
 * is swapped in place when the file changes on disk (the view keeps its scroll position); the model is disposed
 * when the view closes.
 */
export default function SpecDocumentEditor({ path, text, diagnostics, reveal }: SpecDocumentEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const modelRef = useRef<monaco.editor.ITextModel | null>(null);

  // A new editor is made only for another document; later text is applied by the effect below.
  const currentText = useEffectEvent(() => text);
  useEffect(() => {
    if (!host.current) return;
    const uri = monaco.Uri.from({ scheme: 'trellis-spec', path: `/${path}` });
    monaco.editor.getModel(uri)?.dispose();
    const model = monaco.editor.createModel(currentText(), 'markdown', uri);
    const editor = monaco.editor.create(host.current, {
      model,
      readOnly: true,
      // Monaco hides markers in read-only editors unless asked.
      renderValidationDecorations: 'on',
      theme: TRELLIS_THEME,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 12,
      wordWrap: 'on',
      scrollBeyondLastLine: false,
      glyphMargin: false,
      lineNumbersMinChars: 3,
      ariaLabel: `${path} (read-only)`,
    });
    editorRef.current = editor;
    modelRef.current = model;
    return () => {
      editorRef.current = null;
      modelRef.current = null;
      editor.dispose();
      model.dispose();
    };
  }, [path]);

  useEffect(() => {
    const model = modelRef.current;
    if (model && model.getValue() !== text) model.setValue(text);
  }, [text, path]);

  useEffect(() => {
    const model = modelRef.current;
    if (!model) return;
    const lines = model.getLineCount();
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      diagnostics.map((d) => {
        const line = Math.min(Math.max(d.line, 1), lines);
        return {
          severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
          message: d.message,
          code: d.code,
          source: 'trellis spec',
          startLineNumber: line,
          startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
          endLineNumber: line,
          endColumn: model.getLineMaxColumn(line),
        };
      }),
    );
  }, [diagnostics, text, path]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal) return;
    editor.revealLineInCenter(reveal.line);
    editor.setPosition({ lineNumber: reveal.line, column: 1 });
    editor.focus();
  }, [reveal]);

  return <div className="spec-editor" ref={host} data-testid="spec-editor" />;
}
