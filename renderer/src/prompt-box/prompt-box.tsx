import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { FileRef } from '../../../electron/contract';
import { useMcp } from '../state/mcp-store';
import { useSession } from '../state/session-store';
import { useWorkspace } from '../state/workspace-store';
import { ArgumentForm } from './argument-form';
import { AttachmentChips, attachedKey, type Attached } from './attachment-chips';
import {
  completionAt,
  expandTemplate,
  filterEntries,
  parseCommandLine,
  promptBoxCommands,
  resourceChoices,
  type Command,
  type Completion,
  type ResourceChoice,
} from './commands';
import { CompletionList, optionId, type ListEntry } from './completion-list';
import { ContextMeter } from './context-meter';
import { historyStep, usePromptHistory } from './prompt-history';
import { rankFiles } from './file-ranking';
import { useWorkspaceFiles } from './use-workspace-files';
import { ReviewEditsToggle } from './review-edits-toggle';
import { QueuedMessages } from './queued-messages';
import { useSteer } from '../state/steer-store';
import { togglePlanMode } from '../state/plan-mode-store';
import './prompt-box.css';

/** Enough to choose from; typing narrows the rest. */
const MAX_SHOWN = 50;

const NO_HISTORY: string[] = [];

/** A file shows as many as this in the `@` list, before the resources; typing narrows them. */
const MAX_FILES_SHOWN = 30;

type Entry = Command | ResourceChoice | FileRef;
type Form = { kind: 'command'; command: Command } | { kind: 'template'; choice: ResourceChoice };

/**
 * The prompt box: the message, `/` commands (MCP prompts among them) and `@` resources chosen from a completion
 * list, the small form a command's arguments or a template's variables are filled in, and the attached resources
 * as chips. The renderer only names a resource; Node reads it when the message is sent.
 */
export function PromptBox({ running }: { running: boolean }) {
  const listId = useId();
  const [prompt, setPrompt] = useState('');
  const [completion, setCompletion] = useState<Completion | null>(null);
  const [active, setActive] = useState(0);
  const [attached, setAttached] = useState<Attached[]>([]);
  const [form, setForm] = useState<Form | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [card, setCard] = useState<ReactNode | null>(null);
  /** Where Up/Down stand in the history: -1 the draft (kept in `draft` while a recalled prompt is shown). */
  const [recalled, setRecalled] = useState(-1);
  const [draft, setDraft] = useState('');
  const workspaceId = useWorkspace((s) => s.workspace?.id ?? null);
  const history = usePromptHistory((s) => (workspaceId ? s.byWorkspace[workspaceId] : undefined)) ?? NO_HISTORY;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const servers = useMcp((s) => s.servers);
  const commands = useMemo(() => promptBoxCommands(servers), [servers]);
  const resources = useMemo(() => resourceChoices(servers), [servers]);
  const files = useWorkspaceFiles(completion?.kind === 'resource');

  const matches: Entry[] = !completion
    ? []
    : completion.kind === 'command'
      ? filterEntries(commands, completion.query)
      : [
          ...rankFiles(files, completion.query, MAX_FILES_SHOWN).map((file) => ({ file })),
          ...filterEntries(resources, completion.query),
        ];
  const shown = matches.slice(0, MAX_SHOWN);
  const open = completion !== null && form === null;
  const entries: ListEntry[] = shown.map((entry) =>
    'file' in entry
      ? { label: entry.file, source: 'File' }
      : 'action' in entry
        ? { label: `/${entry.name}`, detail: entry.description, source: entry.source }
        : { label: entry.name, detail: entry.uri, source: `MCP ${entry.server}` },
  );

  const edit = (text: string, caret: number) => {
    setPrompt(text);
    setRecalled(-1);
    setNotice(null);
    setCompletion(completionAt(text, caret));
    setActive(0);
  };
  /** Back to the message after the next paint, unless the person has moved focus elsewhere meanwhile. */
  const focusText = (text?: string) => {
    const from = document.activeElement;
    requestAnimationFrame(() => {
      const el = textarea.current;
      if (!el) return;
      const now = document.activeElement;
      if (now !== from && now !== document.body && now !== null) return;
      el.focus();
      if (text !== undefined) el.setSelectionRange(text.length, text.length);
    });
  };

  /** Run a built-in command with the rest of the typed line; its refusal or hint becomes the notice. */
  const runBuiltIn = async (command: Command, text: string) => {
    if (command.action.kind !== 'built-in') return;
    let replaced = false;
    const setText = (next: string) => {
      replaced = true;
      setPrompt(next);
      focusText(next);
    };
    if (workspaceId) usePromptHistory.getState().remember(workspaceId, text);
    setRecalled(-1);
    const args = parseCommandLine(text)?.args ?? '';
    const said = await command.action.run(args, { session: useSession, text, setPrompt: setText, showCard: setCard });
    if (said) setNotice(said);
    else if (!replaced) {
      setPrompt('');
      // Emptied from code, the message fires no select event that would close the list `/name` opened.
      setCompletion(null);
    }
  };
  /** Run a command whose fields are filled: an MCP prompt's text becomes the message, to read and send. */
  const run = async (command: Command, values: Record<string, string>): Promise<string | null> => {
    if (command.action.kind !== 'mcp-prompt') return null;
    const { server, prompt: name } = command.action;
    const answer = await useMcp.getState().renderPrompt(server, name, values);
    if ('error' in answer) return answer.error;
    setForm(null);
    setPrompt(answer.text);
    focusText(answer.text);
    return null;
  };
  /** Enter runs a command whose arguments may be left out; Tab, or arguments it needs, leave it on the line to type them. */
  const chooseCommand = (command: Command, toType = false) => {
    setCompletion(null);
    const hint = command.action.kind === 'built-in' ? command.action.argumentHint : undefined;
    if (hint && (toType || !hint.startsWith('['))) {
      const text = `/${command.name} `;
      setPrompt(text);
      focusText(text);
      return;
    }
    // A built-in runs from the line as typed (the caret moving to a changed line would open the list again).
    if (command.action.kind === 'built-in') return void runBuiltIn(command, `/${command.name}`);
    setPrompt(`/${command.name}`);
    if (command.fields.length) setForm({ kind: 'command', command });
    else
      void run(command, {}).then((refused) => {
        if (refused) setNotice(refused);
      });
  };
  const attach = (item: Attached) => {
    setAttached((list) => (list.some((a) => attachedKey(a) === attachedKey(item)) ? list : [...list, item]));
  };
  const chooseResource = (choice: ResourceChoice | FileRef) => {
    if (completion?.kind !== 'resource') return;
    const caret = textarea.current?.selectionStart ?? prompt.length;
    const text = prompt.slice(0, completion.start) + prompt.slice(caret);
    setPrompt(text);
    setCompletion(null);
    if ('file' in choice) {
      attach(choice);
      focusText();
    } else if (choice.fields.length) setForm({ kind: 'template', choice });
    else {
      attach({ server: choice.server, uri: choice.uri, name: choice.name });
      focusText();
    }
  };
  const choose = (index: number, toType = false) => {
    const entry = shown[index];
    if (!entry) return;
    if ('action' in entry) chooseCommand(entry, toType);
    else chooseResource(entry);
  };

  /** While the agent works a message is queued for its next model request, or with `interrupt` sent in its place. */
  const steer = async (text: string, interrupt: boolean) => {
    const sessionId = useSession.getState().sessionId;
    if (!sessionId) return;
    if (attached.length)
      return setNotice('Attachments go with a prompt: send this one once the agent stops, or remove them.');
    // Cleared at once: what the person types next while the request is out is theirs, not wiped by its reply.
    setPrompt('');
    const refused = await useSteer.getState().steer(sessionId, text, interrupt);
    if (refused) {
      setNotice(refused);
      setPrompt((now) => now || text);
    }
  };

  const submit = async (e?: FormEvent, interrupt = false) => {
    e?.preventDefault();
    const text = prompt.trim();
    if (!text) return;
    const line = parseCommandLine(text);
    if (line !== null) {
      // Commands run while the agent works too (/status); each refuses what it cannot do then.
      const command = commands.find((c) => c.name === line.name);
      if (command?.action.kind === 'built-in') void runBuiltIn(command, text);
      else if (command) chooseCommand(command);
      else setNotice(`There is no command /${line.name}; nothing was sent. Type / to see the commands there are.`);
      return;
    }
    // Typed while the agent works too: it is steering, queued for the agent's next step, and kept in history.
    if (workspaceId) usePromptHistory.getState().remember(workspaceId, text);
    setRecalled(-1);
    if (running) return steer(text, interrupt);
    const refs = attached.map((a) => ('file' in a ? { file: a.file } : { server: a.server, uri: a.uri }));
    if (await useSession.getState().send(text, refs.length ? refs : undefined)) {
      setPrompt('');
      setAttached([]);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Shift+Tab switches plan mode in an empty box, as in Codex. With a message or attachments it moves focus back as
    // everywhere, so the chips' Remove buttons (before the box) stay reachable from the keyboard.
    const empty = prompt === '' && attached.length === 0;
    if (e.key === 'Tab' && e.shiftKey && empty && !open && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      void togglePlanMode().then((refused) => refused && setNotice(refused));
      return;
    }
    if (open && shown.length && !e.ctrlKey && !e.metaKey) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + shown.length) % shown.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        choose(active, e.key === 'Tab');
        return;
      }
    }
    if (!open && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && !e.shiftKey && !e.altKey && !e.ctrlKey) {
      const el = e.currentTarget;
      const to =
        el.selectionStart === el.selectionEnd
          ? historyStep(e.key, prompt, el.selectionStart, recalled, history.length)
          : null;
      if (to !== null) {
        e.preventDefault();
        if (recalled === -1) setDraft(prompt);
        const text = to === -1 ? draft : history[to];
        setRecalled(to);
        // Setting the value puts the caret at its end; the focus never left the message.
        setPrompt(text);
        setNotice(null);
        return;
      }
    }
    if (!open && card !== null && e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setCard(null);
      return;
    }
    if (open && e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setCompletion(null);
      return;
    }
    if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void submit(undefined, running && e.shiftKey);
    // A one-line command runs on Enter; a message's Enter stays a new line.
    else if (e.key === 'Enter' && !e.shiftKey && !prompt.includes('\n') && parseCommandLine(prompt) !== null) {
      e.preventDefault();
      void submit();
    }
  };

  const activeId = open && shown.length ? optionId(listId, active) : undefined;
  return (
    // The argument form is a form of its own, so the message's form holds only the textarea and its buttons.
    <div className="prompt-box">
      {open && (
        <CompletionList
          id={listId}
          label={completion.kind === 'command' ? 'Commands' : 'Files and resources to attach'}
          entries={entries}
          active={active}
          empty={
            completion.kind === 'command'
              ? 'No command matches; the prompts of connected MCP servers are listed here.'
              : "No file or resource matches; the repository's files and the resources of connected MCP servers are listed here."
          }
          onChoose={choose}
        />
      )}
      {form && (
        <ArgumentForm
          key={form.kind === 'command' ? form.command.name : `${form.choice.server}\0${form.choice.uri}`}
          title={form.kind === 'command' ? `/${form.command.name}` : `Attach ${form.choice.name}`}
          fields={form.kind === 'command' ? form.command.fields : form.choice.fields}
          submitLabel={form.kind === 'command' ? 'Use prompt' : 'Attach'}
          onSubmit={async (values) => {
            if (form.kind === 'command') return run(form.command, values);
            attach({
              server: form.choice.server,
              uri: expandTemplate(form.choice.uri, values),
              name: form.choice.name,
            });
            setForm(null);
            focusText();
            return null;
          }}
          onCancel={() => {
            setForm(null);
            focusText();
          }}
        />
      )}
      {card !== null && (
        <div className="command-card">
          {card}
          <button
            type="button"
            className="chip-remove command-card-close"
            aria-label="Close card"
            onClick={() => setCard(null)}
          >
            ×
          </button>
        </div>
      )}
      {attached.length > 0 && (
        <AttachmentChips
          attached={attached}
          onRemove={(item) => {
            setAttached((list) => list.filter((x) => x !== item));
            focusText();
          }}
        />
      )}
      {notice && (
        <p className="prompt-notice" role="alert">
          {notice}
        </p>
      )}
      <QueuedMessages onRemoved={(refused) => refused && setNotice(refused)} />
      <form className="prompt-form" onSubmit={submit}>
        <textarea
          ref={textarea}
          aria-label="Prompt"
          aria-autocomplete="list"
          aria-haspopup="listbox"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={activeId}
          placeholder={
            running
              ? 'Steer the agent: queued for its next step…'
              : 'Ask the agent to do something… (/ commands, @ resources, Shift+Tab in an empty box: plan mode, Ctrl+Enter sends)'
          }
          value={prompt}
          rows={3}
          onChange={(e) => edit(e.target.value, e.target.selectionStart)}
          onSelect={(e) => {
            // A recalled prompt opens no list until the person edits it: Up and Down keep walking the history.
            if (recalled !== -1) return;
            const el = e.currentTarget;
            const next = completionAt(el.value, el.selectionStart);
            if (next?.kind !== completion?.kind || next?.query !== completion?.query) setCompletion(next);
          }}
          onKeyDown={onKeyDown}
        />
        <div className="prompt-actions">
          <ReviewEditsToggle />
          <ContextMeter />
          {running && (
            <button type="button" className="button" onClick={() => void useSession.getState().interrupt()}>
              Stop
            </button>
          )}
          {running && parseCommandLine(prompt) === null && (
            <button
              type="button"
              className="button"
              title="Stop the agent and send this as the next prompt (Ctrl+Shift+Enter)"
              disabled={!prompt.trim()}
              onClick={() => void submit(undefined, true)}
            >
              Interrupt and send
            </button>
          )}
          <button
            type="submit"
            className="button primary"
            title={running ? 'Queued for the agent’s next step (Ctrl+Enter)' : undefined}
            disabled={!prompt.trim()}
          >
            {running && parseCommandLine(prompt) === null ? 'Queue' : 'Send'}
          </button>
        </div>
      </form>
    </div>
  );
}
