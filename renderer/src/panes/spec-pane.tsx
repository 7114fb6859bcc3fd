import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { SpecDetail, SpecDiagnostic, SpecDocument, SpecSummary } from '../../../electron/contract';
import { EmptyState } from '../components/empty-state';
import { moveTab } from '../components/tab-keys';
import { NewSpecForm } from '../specs/new-spec-form';
import { useSpecs } from '../state/spec-store';
import { useWorkspace } from '../state/workspace-store';
import { ApprovalBar } from '../specs/approval-bar';
import { useSpecWorkflow } from '../state/spec-workflow-store';
import { useCrew } from '../state/crew-store';

// Monaco is large: load it only when a document is first shown.
const FileViewer = lazy(() => import('../components/file-viewer'));
const SpecDocumentEditor = lazy(() => import('../specs/spec-document-editor'));

type Tab = 'requirements' | 'design' | 'tasks' | 'file';

/** The spec pane: the repository's specs, a "New spec" form, and a spec's documents with lint markers; files opened from the tree too. */
export function SpecPane() {
  const workspace = useWorkspace((s) => s.workspace);
  const selectedFile = useWorkspace((s) => s.selectedFile);
  const specs = useSpecs((s) => s.specs);
  const listLoaded = useSpecs((s) => s.listLoaded);
  const selected = useSpecs((s) => s.selected);
  const detail = useSpecs((s) => s.detail);
  const error = useSpecs((s) => s.error);
  const [creating, setCreating] = useState(false);
  const [reveal, setReveal] = useState<{ line: number; nonce: number } | null>(null);
  const [includeOptional, setIncludeOptional] = useState(false);
  const specKey = selected ? `${selected.layout}/${selected.name}` : null;
  const workflowSpec = useSpecWorkflow((s) => s.spec);
  const workflowStage = useSpecWorkflow((s) => s.stage);
  const workflowState = useSpecWorkflow((s) => s.state);
  const stageTab: Tab | null =
    workflowSpec && workflowStage ? (workflowStage === 'bugfix' ? 'requirements' : workflowStage) : null;

  // The tab follows what changed, adjusted while rendering (not one render later in an effect):
  // a file chosen in the tree opens in its own tab and closing it returns to the spec; another spec opens on its
  // first document; a spec being written by the agent opens on the document of its current stage.
  const [tab, setTab] = useState<Tab>(stageTab ?? (selectedFile ? 'file' : 'requirements'));
  const [seenFile, setSeenFile] = useState(selectedFile);
  const [seenSpec, setSeenSpec] = useState(specKey);
  const workflowKey = stageTab ? `${workflowSpec}\n${workflowStage}\n${workflowState}` : null;
  const [seenWorkflow, setSeenWorkflow] = useState(workflowKey);
  if (seenFile !== selectedFile || seenSpec !== specKey || seenWorkflow !== workflowKey) {
    let next = tab;
    if (seenFile !== selectedFile) next = selectedFile ? 'file' : next === 'file' ? 'requirements' : next;
    if (seenSpec !== specKey && next !== 'file') next = 'requirements';
    if (seenWorkflow !== workflowKey && stageTab) next = stageTab;
    setSeenFile(selectedFile);
    setSeenSpec(specKey);
    setSeenWorkflow(workflowKey);
    setTab(next);
  }

  // The spec being written by the agent is the one shown.
  useEffect(() => {
    if (!workflowSpec || !workflowStage) return;
    void useSpecs.getState().select({ name: workflowSpec, layout: 'specs' });
  }, [workflowSpec, workflowStage, workflowState]);

  if (!workspace) {
    return (
      <EmptyState title="No spec open">
        Specs appear here as requirements, design and tasks (from .kiro/specs). Files you open from the tree are shown
        here too.
      </EmptyState>
    );
  }

  const docFor = (t: Tab): SpecDocument | null => {
    if (!detail) return null;
    if (t === 'requirements')
      return detail.documents.find((d) => d.kind === 'requirements' || d.kind === 'bugfix') ?? null;
    return detail.documents.find((d) => d.kind === t) ?? null;
  };
  const tabs: { id: Tab; label: string; count: number }[] = [];
  if (detail) {
    for (const id of ['requirements', 'design', 'tasks'] as const) {
      const doc = docFor(id);
      const label =
        id === 'requirements'
          ? detail.kind === 'bugfix'
            ? 'Bugfix'
            : 'Requirements'
          : id === 'design'
            ? 'Design'
            : 'Tasks';
      tabs.push({ id, label, count: doc ? detail.diagnostics.filter((d) => d.file === doc.path).length : 0 });
    }
  }
  if (selectedFile) tabs.push({ id: 'file', label: selectedFile.split('/').pop() ?? selectedFile, count: 0 });
  const active = tabs.some((t) => t.id === tab) ? tab : (tabs[0]?.id ?? null);

  return (
    <div className="spec-pane">
      <section className="spec-list-section" aria-label="Specs">
        <div className="spec-list-header">
          <span className="spec-list-title">Specs</span>
          <button
            type="button"
            className="button small"
            onClick={() => setCreating((c) => !c)}
            aria-expanded={creating}
          >
            New spec
          </button>
        </div>
        {creating && <NewSpecForm onDone={() => setCreating(false)} />}
        {listLoaded && !specs.length && !creating && <p className="pane-note">No specs in .kiro/specs yet.</p>}
        {specs.length > 0 && (
          <ul className="spec-list" aria-label="Spec list">
            {specs.map((s) => (
              <SpecListItem
                key={`${s.layout}/${s.name}`}
                spec={s}
                current={selected?.name === s.name && selected.layout === s.layout}
              />
            ))}
          </ul>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}{' '}
            <button
              type="button"
              className="icon-button"
              aria-label="Dismiss spec error"
              onClick={() => useSpecs.setState({ error: null })}
            >
              ×
            </button>
          </p>
        )}
      </section>

      <ApprovalBar />
      {selected?.layout === 'specs' && detail?.graph && detail.graph.tasks.some((t) => t.status !== 'done') && (
        <div className="spec-actions">
          <button
            type="button"
            className="button small"
            onClick={() => void useCrew.getState().run(selected.name, { includeOptional })}
          >
            Run tasks
          </button>
          {detail.graph.tasks.some((t) => t.optional && t.status !== 'done') && (
            <label className="pane-note">
              <input type="checkbox" checked={includeOptional} onChange={(e) => setIncludeOptional(e.target.checked)} />{' '}
              optional tasks too
            </label>
          )}
          <span className="pane-note">
            each task as a sandboxed subagent in its own git worktree; its change waits for your review before it merges
          </span>
        </div>
      )}
      {tabs.length > 0 && active && (
        <>
          <div
            className="spec-tabs"
            role="tablist"
            aria-label="Spec documents"
            onKeyDown={(e) =>
              moveTab(
                e,
                tabs.map((t) => t.id),
                active,
                setTab,
                'spec-tab-',
              )
            }
          >
            {tabs.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`spec-tab-${t.id}`}
                aria-selected={t.id === active}
                tabIndex={t.id === active ? 0 : -1}
                aria-controls="spec-tabpanel"
                className="spec-tab"
                onClick={() => setTab(t.id)}
              >
                {t.label}
                {t.count > 0 && (
                  <span
                    className="spec-tab-count"
                    role="img"
                    aria-label={`${t.count} problem${t.count === 1 ? '' : 's'}`}
                  >
                    {t.count}
                  </span>
                )}
              </button>
            ))}
          </div>
          <div className="spec-tabpanel" role="tabpanel" id="spec-tabpanel" aria-labelledby={`spec-tab-${active}`}>
            {active === 'file' && selectedFile ? (
              <Suspense fallback={<div className="loading">Loading editor…</div>}>
                <FileViewer workspaceId={workspace.id} path={selectedFile} />
              </Suspense>
            ) : (
              detail && (
                <DocumentView
                  detail={detail}
                  doc={docFor(active)}
                  tab={active}
                  reveal={reveal}
                  onReveal={(line) => setReveal({ line, nonce: Date.now() })}
                />
              )
            )}
          </div>
        </>
      )}
      {!tabs.length && listLoaded && specs.length > 0 && <div className="loading">Loading spec…</div>}
    </div>
  );
}

/** The tabs pattern: one tab stop; arrows, Home and End choose the document and move the focus with it. */
function SpecListItem({ spec, current }: { spec: SpecSummary; current: boolean }) {
  const { tasks } = spec;
  return (
    <li>
      <button
        type="button"
        className="spec-list-item"
        aria-current={current ? 'true' : undefined}
        onClick={() => void useSpecs.getState().select({ name: spec.name, layout: spec.layout })}
        title={spec.problem ?? `.kiro/${spec.layout}/${spec.name}`}
      >
        <span className="spec-name">{spec.name}</span>
        <span className={`spec-kind spec-kind-${spec.kind}`}>{spec.kind}</span>
        <span className="spec-progress">
          {spec.problem ? 'not read' : tasks.total ? `${tasks.done}/${tasks.total} done` : spec.stage}
        </span>
      </button>
    </li>
  );
}

function DocumentView({
  detail,
  doc,
  tab,
  reveal,
  onReveal,
}: {
  detail: SpecDetail;
  doc: SpecDocument | null;
  tab: Tab;
  reveal: { line: number; nonce: number } | null;
  onReveal: (line: number) => void;
}) {
  const diagnostics = useMemo<SpecDiagnostic[]>(
    () => (doc ? detail.diagnostics.filter((d) => d.file === doc.path) : []),
    [detail.diagnostics, doc],
  );
  if (!doc) {
    const file = tab === 'requirements' ? (detail.kind === 'bugfix' ? 'bugfix.md' : 'requirements.md') : `${tab}.md`;
    return (
      <p className="pane-message">
        There is no {file} in {detail.path} yet.
      </p>
    );
  }
  return (
    <div className="spec-document">
      <div className="file-viewer-header">
        <span className="file-path" title={doc.path}>
          {doc.path}
        </span>
        {doc.readOnly && <span className="badge">read-only</span>}
      </div>
      <Suspense fallback={<div className="loading">Loading editor…</div>}>
        <SpecDocumentEditor path={doc.path} text={doc.text} diagnostics={diagnostics} reveal={reveal} />
      </Suspense>
      {diagnostics.length > 0 && (
        <ul className="spec-problems" aria-label="Problems">
          {diagnostics.map((d, i) => (
            <li key={`${d.line}-${d.code}-${i}`}>
              <button
                type="button"
                className={`spec-problem spec-problem-${d.severity}`}
                onClick={() => onReveal(d.line)}
              >
                <span className="spec-problem-line">line {d.line}</span> {d.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
