import { useEffect, useRef, useState } from 'react';
import type { FileContent } from '../../../electron/contract';
import { api } from '../state/api-instance';
import { useWorkspace } from '../state/workspace-store';
import { monaco, TRELLIS_THEME } from './monaco-setup';

/** A read-only view of one workspace file in Monaco; its model is disposed when the view closes. */
export default function FileViewer({ workspaceId, path }: { workspaceId: string; path: string }) {
  const host = useRef<HTMLDivElement>(null);
  // What was read, and for which file: another file shows nothing until its own content arrives.
  const [read, setRead] = useState<{
    workspaceId: string;
    path: string;
    content: FileContent | null;
    error: string | null;
  } | null>(null);
  const current = read?.workspaceId === workspaceId && read.path === path ? read : null;
  const content = current?.content ?? null;
  const error = current?.error ?? null;

  useEffect(() => {
    let live = true;
    void api()
      .request('workspace.readFile', { workspaceId, path })
      .then((result) => {
        if (!live) return;
        if (result.ok) setRead({ workspaceId, path, content: result.value, error: null });
        else setRead({ workspaceId, path, content: null, error: result.error.message });
      });
    return () => {
      live = false;
    };
  }, [workspaceId, path]);

  useEffect(() => {
    if (!host.current || !content || content.binary) return;
    const model = monaco.editor.createModel(
      content.text,
      undefined,
      monaco.Uri.from({ scheme: 'trellis-file', path: `/${path}` }),
    );
    const editor = monaco.editor.create(host.current, {
      model,
      readOnly: true,
      ariaLabel: `${path} (read-only)`,
      theme: TRELLIS_THEME,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 12,
      scrollBeyondLastLine: false,
    });
    return () => {
      editor.dispose();
      model.dispose();
    };
  }, [content, path]);

  return (
    <div className="file-viewer">
      <div className="file-viewer-header">
        <span className="file-path" title={path}>
          {path}
        </span>
        {content?.truncated && (
          <span className="badge">
            first {formatBytes(content.text.length)} of {formatBytes(content.size)}
          </span>
        )}
        <button
          type="button"
          className="icon-button"
          aria-label="Close file"
          onClick={() => useWorkspace.getState().selectFile(null)}
        >
          ×
        </button>
      </div>
      {error && <p className="pane-message">{error}</p>}
      {content?.binary && <p className="pane-message">Binary file ({formatBytes(content.size)}); not shown.</p>}
      <div className="file-viewer-editor" ref={host} data-testid="file-viewer-editor" />
    </div>
  );
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
