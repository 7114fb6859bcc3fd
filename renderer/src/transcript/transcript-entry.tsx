import { useState } from 'react';
import { useSession } from '../state/session-store';
import type { TranscriptItem } from './transcript-items';
import { McpApprovalDetails, McpCallEntry } from './mcp-entries';
import { HookMomentEntry, HooksUntrustedEntry } from './hook-entries';
import { CompactionEntry } from './compaction-entry';
import { QuestionsEntry } from './questions-entry';
import { PlanCard } from './plan-card';

const OUTPUT_LINES = 40;
// Text blocks that scroll (step prompts, command output) take focus: the keyboard must be able to scroll them too.
/** Prompts longer than this (a spec stage's instructions) start folded. */
const PROMPT_CHARS = 600;

type PromptItem = Extract<TranscriptItem, { kind: 'prompt' }>;

function Prompt({ text, attachments, steered }: Pick<PromptItem, 'text' | 'attachments' | 'steered'>) {
  const [open, setOpen] = useState(false);
  const attached = attachments?.length ? (
    <ul className="attachment-chips" aria-label="Attached resources">
      {attachments.map((a) => (
        <li key={a.title} className="attachment-chip" title={a.title}>
          @{a.name}
        </li>
      ))}
    </ul>
  ) : null;
  if (text.length <= PROMPT_CHARS)
    return (
      <div className="entry entry-prompt">
        {steered && <span className="steered-label">Sent while the agent worked: </span>}
        {text}
        {attached}
      </div>
    );
  return (
    <div className="entry entry-prompt">
      {open ? text : `${text.slice(0, PROMPT_CHARS).trimEnd()}…`}{' '}
      <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Show less' : 'Show the whole prompt'}
      </button>
      {attached}
    </div>
  );
}

export function TranscriptEntry({ item }: { item: TranscriptItem }) {
  switch (item.kind) {
    case 'prompt':
      return <Prompt text={item.text} attachments={item.attachments} steered={item.steered} />;
    case 'step':
      return (
        <details className="entry entry-step">
          <summary>{item.title}</summary>
          <pre className="step-text" tabIndex={0}>
            {item.text}
          </pre>
        </details>
      );
    case 'retry':
      return (
        <div className="entry entry-retry">
          <span className="retry-label">Retrying</span> {item.text}
        </div>
      );
    case 'message':
      // A plan-mode answer that was only its plan: the card shows it.
      if (!item.text && !item.streaming) return null;
      return <div className={`entry entry-message${item.streaming ? ' streaming' : ''}`}>{item.text}</div>;
    case 'command': {
      const lines = item.output.split('\n');
      const shown = lines.length > OUTPUT_LINES ? ['…', ...lines.slice(-OUTPUT_LINES)].join('\n') : item.output;
      const status = item.declined
        ? 'not run'
        : item.running
          ? 'running'
          : item.timedOut
            ? 'timed out'
            : `exit ${item.exitCode ?? '?'}`;
      return (
        <div className="entry entry-command" role="group" aria-label={`Command ${item.command}`}>
          <div className="command-line">
            <code>$ {item.command}</code>
            <span className={`exit ${item.exitCode === 0 ? 'ok' : item.running ? '' : 'bad'}`}>{status}</span>
          </div>
          <div className="command-cwd">in {item.cwd}</div>
          {shown && (
            <pre className="command-output" tabIndex={0}>
              {shown}
            </pre>
          )}
        </div>
      );
    }
    case 'patch':
      return (
        <div className="entry entry-patch" role="group" aria-label="Patch">
          <div className="patch-title">{item.success ? 'Applied a patch' : 'A patch failed'}</div>
          <ul>
            {item.changes.map((c) => (
              <li key={c.path}>
                <span className={`patch-kind kind-${c.kind}`}>
                  {c.kind === 'add' ? 'A' : c.kind === 'delete' ? 'D' : 'M'}
                </span>{' '}
                {c.path}
              </li>
            ))}
          </ul>
          {item.error && (
            <pre className="command-output" tabIndex={0}>
              {item.error}
            </pre>
          )}
        </div>
      );
    case 'plan':
      return (
        <div className="entry entry-plan" role="group" aria-label="Plan">
          <div className="patch-title">Plan</div>
          <ol>
            {item.steps.map((s, i) => (
              <li key={i} className={`plan-${s.status}`}>
                {s.status === 'completed' ? '✓' : s.status === 'in_progress' ? '▸' : '○'} {s.step}
              </li>
            ))}
          </ol>
        </div>
      );
    case 'approval':
      return (
        <div className="entry entry-approval" role="group" aria-label="Approval request">
          <div className="patch-title">
            {item.subject === 'patch'
              ? 'Write these edits?'
              : item.subject === 'mcp-tool'
                ? 'Call this MCP tool?'
                : 'Run this command?'}
          </div>
          {item.mcp ? (
            <McpApprovalDetails mcp={item.mcp} />
          ) : (
            <>
              <code>{item.subject === 'patch' ? item.command : `$ ${item.command}`}</code>
              <div className="command-cwd">in {item.cwd}</div>
            </>
          )}
          {item.reason && <div className="command-cwd">{item.reason}</div>}
          {item.decision ? (
            <div className="decision">{item.decision === 'denied' ? 'Denied' : 'Approved'}</div>
          ) : (
            <div className="approval-actions">
              <button
                type="button"
                className="button primary"
                onClick={() => void useSession.getState().approve(item.callId, 'approved')}
              >
                Approve once
              </button>
              {item.rememberable && (
                <button
                  type="button"
                  className="button"
                  onClick={() => void useSession.getState().approve(item.callId, 'approved-for-session')}
                >
                  Approve for this session
                </button>
              )}
              <button
                type="button"
                className="button"
                onClick={() => void useSession.getState().approve(item.callId, 'denied')}
              >
                Deny
              </button>
            </div>
          )}
        </div>
      );
    case 'proposed-plan':
      return <PlanCard item={item} />;
    case 'mcp-call':
      return <McpCallEntry item={item} />;
    case 'hooks':
      return <HookMomentEntry item={item} />;
    case 'hooks-untrusted':
      return <HooksUntrustedEntry text={item.text} />;
    case 'notice':
      return <div className={`entry entry-notice tone-${item.tone}`}>{item.text}</div>;
    case 'compaction':
      return <CompactionEntry item={item} />;
    case 'questions':
      return <QuestionsEntry item={item} />;
  }
}
