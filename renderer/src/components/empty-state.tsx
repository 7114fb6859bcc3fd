import type { ReactNode } from 'react';

/** What a pane shows before it has anything: what will appear here, and how to get it. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      <p className="empty-text">{children}</p>
    </div>
  );
}
