import type { TranscriptItem } from './transcript-items';

type Compaction = Extract<TranscriptItem, { kind: 'compaction' }>;

/** Where the conversation was compacted: the tokens it went from and to, and the model's summary, folded. */
export function CompactionEntry({ item }: { item: Compaction }) {
  const title = `Conversation compacted (${item.trigger}) — ${item.tokensBefore.toLocaleString('en')} → ${item.tokensAfter.toLocaleString('en')} tokens`;
  return (
    <details className="entry entry-compaction" aria-label={title}>
      <summary>{title}</summary>
      <pre className="compaction-summary" tabIndex={0}>
        {item.summary}
      </pre>
    </details>
  );
}
