import { create } from 'zustand';
import { moveTab } from '../components/tab-keys';
import { HooksPane } from '../hooks/hooks-pane';
import { McpPane } from '../mcp/mcp-pane';
import { useHooks } from '../state/hooks-store';
import { useLayout } from '../state/layout-store';

const TABS = [
  { id: 'mcp', label: 'MCP servers', Body: McpPane },
  { id: 'hooks', label: 'Hooks', Body: HooksPane },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** The tab shown, kept while the pane is collapsed and expanded again. */
const useTab = create<{ tab: TabId; choose(tab: TabId): void }>()((set) => ({
  tab: 'mcp',
  choose: (tab) => set({ tab }),
}));

/** The Hooks tab, brought into view (the pane expanded) and focused: the transcript's note on untrusted hooks leads here. */
export function showHooksTab(): void {
  useTab.getState().choose('hooks');
  useLayout.getState().setCollapsed('mcp', false);
  requestAnimationFrame(() => document.getElementById('extensions-tab-hooks')?.focus());
}

/**
 * What extends the workspace's sessions, MCP servers and hooks, as two tabs of one pane: at 1440 px seven panes
 * already stand side by side, and the two are looked at the same way (what the repository brings, trusted or not).
 */
export function ExtensionsPane() {
  const { tab, choose } = useTab();
  const untrusted = useHooks((s) => s.hooks.filter((h) => !h.trusted).length);
  const active = TABS.find((t) => t.id === tab) ?? TABS[0];
  return (
    <div className="extensions-pane">
      <div
        className="spec-tabs"
        role="tablist"
        aria-label="Extensions"
        onKeyDown={(e) =>
          moveTab(
            e,
            TABS.map((t) => t.id),
            tab,
            choose,
            'extensions-tab-',
          )
        }
      >
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`extensions-tab-${t.id}`}
            aria-selected={t.id === tab}
            tabIndex={t.id === tab ? 0 : -1}
            aria-controls="extensions-tabpanel"
            className="spec-tab"
            onClick={() => choose(t.id)}
          >
            {t.label}
            {t.id === 'hooks' && untrusted > 0 && (
              <span className="spec-tab-count" role="img" aria-label={`${untrusted} not trusted`}>
                {untrusted}
              </span>
            )}
          </button>
        ))}
      </div>
      <div
        className="extensions-tabpanel"
        role="tabpanel"
        id="extensions-tabpanel"
        aria-labelledby={`extensions-tab-${active.id}`}
      >
        {/* A region of its own, named as before the tabs: what it shows is found by that name. */}
        <section className="extensions-region" aria-label={active.label}>
          <active.Body />
        </section>
      </div>
    </div>
  );
}
