import type { FileRef, McpResourceRef } from '../../../electron/contract';

/** What the person attached to the message: an MCP resource (with its listed name) or a repository file. */
export type Attached = (McpResourceRef & { name: string }) | FileRef;

/** One attachment once, however often it is chosen. */
export const attachedKey = (a: Attached) => ('file' in a ? `file\0${a.file}` : `${a.server}\0${a.uri}`);

/** The attachments as chips above the message, each with a button that removes it. */
export function AttachmentChips({ attached, onRemove }: { attached: Attached[]; onRemove(item: Attached): void }) {
  return (
    <ul className="attachment-chips" aria-label="Attached resources">
      {attached.map((a) => {
        const name = 'file' in a ? a.file : a.name;
        const where = 'file' in a ? 'file in the repository' : `${a.uri}, MCP ${a.server}`;
        return (
          <li key={attachedKey(a)} className="attachment-chip" title={`${name} (${where})`}>
            <span>@{name}</span>
            <button
              type="button"
              className="chip-remove"
              aria-label={'file' in a ? `Remove ${a.file}` : `Remove ${a.name} (${a.uri})`}
              onClick={() => onRemove(a)}
            >
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
