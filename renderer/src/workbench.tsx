import { useEffect, useMemo, useRef } from 'react';
import { Group, Panel, Separator, type PanelImperativeHandle } from 'react-resizable-panels';
import { PANE_IDS, type PaneId } from '../../electron/contract';
import { TopBar } from './components/top-bar';
import { ConnectionBanner } from './components/connection-banner';
import { ErrorBanner } from './components/error-banner';
import { PANES } from './panes';
import { useLayout } from './state/layout-store';
import { DropTarget } from './workspace/drop-target';
import { TrustDialog } from './workspace/trust-dialog';

const COLLAPSED_SIZE = '34px';

/** Panes side by side: resizable, collapsible, remembered by the workbench. */
export function Workbench() {
  const loaded = useLayout((s) => s.loaded);
  return (
    <div className="app">
      <TopBar />
      <ConnectionBanner />
      <ErrorBanner />
      {/* The panes are the page's main content; the top bar above is its banner. */}
      <main className="workbench-main">{loaded ? <PaneGroup /> : <div className="pane-group" />}</main>
      <DropTarget />
      <TrustDialog />
    </div>
  );
}

function PaneGroup() {
  const initial = useMemo(() => useLayout.getState().layout, []);
  const refs = useRef<Partial<Record<PaneId, PanelImperativeHandle | null>>>({});
  const setSizes = useLayout((s) => s.setSizes);
  const defaultLayout =
    initial && PANE_IDS.every((id) => typeof initial.sizes[id] === 'number') ? initial.sizes : undefined;

  useEffect(() => {
    for (const pane of initial?.collapsed ?? []) refs.current[pane]?.collapse();
  }, [initial]);

  return (
    <Group
      className="pane-group"
      orientation="horizontal"
      defaultLayout={defaultLayout}
      onLayoutChanged={(layout, meta) => {
        if (meta.isUserInteraction) setSizes(meta.requestedLayout ?? layout);
      }}
    >
      {PANE_IDS.map((id, index) => {
        const pane = PANES[id];
        return [
          index > 0 && <Separator key={`${id}-sep`} className="pane-separator" />,
          <Panel
            key={id}
            id={id}
            className="pane-panel"
            collapsible
            collapsedSize={COLLAPSED_SIZE}
            minSize="160px"
            defaultSize={`${pane.defaultSize}%`}
            panelRef={(handle) => {
              refs.current[id] = handle;
            }}
            onResize={() => {
              const handle = refs.current[id];
              if (!handle) return;
              const collapsed = handle.isCollapsed();
              const known = useLayout.getState().layout?.collapsed.includes(id) ?? false;
              if (collapsed !== known) useLayout.getState().setCollapsed(id, collapsed);
            }}
          >
            <PaneFrame id={id} handle={() => refs.current[id] ?? null} />
          </Panel>,
        ];
      })}
    </Group>
  );
}

function PaneFrame({ id, handle }: { id: PaneId; handle: () => PanelImperativeHandle | null }) {
  const pane = PANES[id];
  const collapsed = useLayout((s) => s.layout?.collapsed.includes(id) ?? false);
  const Body = pane.Body;
  const toggle = () => {
    const h = handle();
    if (!h) return;
    if (h.isCollapsed()) h.expand();
    else h.collapse();
  };
  if (collapsed) {
    return (
      <section className="pane pane-collapsed" aria-label={pane.title}>
        <button
          type="button"
          className="pane-expand"
          aria-label={`Expand ${pane.title}`}
          title={`Expand ${pane.title}`}
          onClick={toggle}
        >
          <span className="pane-collapsed-title">{pane.title}</span>
        </button>
      </section>
    );
  }
  return (
    <section className="pane" aria-label={pane.title}>
      <header className="pane-header">
        <h2>{pane.title}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={`Collapse ${pane.title}`}
          title={`Collapse ${pane.title}`}
          onClick={toggle}
        >
          ‹
        </button>
      </header>
      <div className="pane-body">
        <Body />
      </div>
    </section>
  );
}
