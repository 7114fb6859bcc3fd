import { EmptyState } from '../components/empty-state';

// Panes whose engines arrive with later work; until then each says what will appear in it.

export function SubagentsPane() {
  return (
    <EmptyState title="No subagents running">
      When a spec&apos;s tasks run, each subagent shows here with its task, state, current step, time and tokens.
    </EmptyState>
  );
}
