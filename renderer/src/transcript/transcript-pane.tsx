import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { EmptyState } from '../components/empty-state';
import { PromptBox } from '../prompt-box/prompt-box';
import { useSession } from '../state/session-store';
import { useWorkspace } from '../state/workspace-store';
import { ApiKeyForm, missingKeyName } from './api-key-form';
import { GoalBar } from './goal-bar';
import { PlanModeSwitch } from './plan-mode-switch';
import { TranscriptEntry } from './transcript-entry';

/** The conversation with the agent: streamed messages, commands, patches, the plan, approvals; and the prompt box. */
export function TranscriptPane() {
  const workspace = useWorkspace((s) => s.workspace);
  const items = useSession((s) => s.items);
  const running = useSession((s) => s.running);
  const usage = useSession((s) => s.usage);
  const error = useSession((s) => s.error);
  const canStoreSecrets = useWorkspace((s) => s.app?.canStoreSecrets ?? false);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 60,
    overscan: 6,
  });

  // Follow the stream while the person is at the bottom; stop following when they scroll up to read.
  useEffect(() => {
    if (stick.current && items.length) virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
  }, [items, virtualizer]);

  if (!workspace) {
    return (
      <EmptyState title="No session yet">
        The conversation with the agent streams here: messages, commands with their output, patches and the plan. Open a
        repository to start one.
      </EmptyState>
    );
  }

  return (
    <div className="transcript">
      <SessionBar />
      <GoalBar />
      {items.length === 0 ? (
        <EmptyState title="No session yet">
          Type a task below. The agent&apos;s messages, commands, patches and plan stream here.
        </EmptyState>
      ) : (
        <div
          ref={scroller}
          className="transcript-list"
          role="log"
          aria-label="Transcript"
          aria-live="polite"
          // Focusable, so the keyboard scrolls a conversation that holds no button.
          tabIndex={0}
          onScroll={(e) => {
            const el = e.currentTarget;
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
          }}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((row) => (
              <div
                key={items[row.index].id}
                data-index={row.index}
                ref={virtualizer.measureElement}
                className="transcript-row"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <TranscriptEntry item={items[row.index]} />
              </div>
            ))}
          </div>
        </div>
      )}
      {error && (
        <p className="transcript-error" role="alert">
          {error}
        </p>
      )}
      {canStoreSecrets && missingKeyName(error) && <ApiKeyForm name={missingKeyName(error)!} />}
      <PromptBox running={running} />
      <div className="usage-line" role="group" aria-label="Session usage">
        {(usage.inputTokens + usage.outputTokens).toLocaleString('en')} tokens · ${usage.costUsd.toFixed(4)}
      </div>
    </div>
  );
}

function SessionBar() {
  const sessions = useSession((s) => s.sessions);
  const sessionId = useSession((s) => s.sessionId);
  return (
    <div className="session-bar">
      <select
        aria-label="Sessions"
        value={sessionId ?? ''}
        onChange={(e) =>
          e.target.value ? void useSession.getState().resume(e.target.value) : useSession.getState().newSession()
        }
      >
        <option value="">New session</option>
        {sessions.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title ?? s.id}
          </option>
        ))}
      </select>
      {sessionId && (
        <button type="button" className="button" onClick={() => useSession.getState().newSession()}>
          New
        </button>
      )}
      <PlanModeSwitch />
    </div>
  );
}
