/** One row of the completion list: its label, a hint (a description or a URI), and where it comes from. */
export interface ListEntry {
  label: string;
  detail?: string;
  source: string;
}

/** The id of the list's option at `index`, for the textarea's aria-activedescendant. */
export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

/**
 * The prompt box's completion list (the listbox of the ARIA combobox pattern): focus stays in the textarea, which
 * points at the active option; Up/Down move, Enter or Tab choose, Escape closes (prompt-box.tsx handles the keys).
 */
export function CompletionList({
  id,
  label,
  entries,
  active,
  empty,
  onChoose,
}: {
  id: string;
  label: string;
  entries: ListEntry[];
  active: number;
  /** Said instead of an empty list. */
  empty: string;
  onChoose(index: number): void;
}) {
  if (!entries.length)
    return (
      <p id={id} className="completion-empty" role="status">
        {empty}
      </p>
    );
  return (
    // Focus stays in the textarea, which scrolls it; a long list is reachable from the keyboard too (Shift+Tab).
    <ul id={id} className="completion-list" role="listbox" aria-label={label} tabIndex={0}>
      {entries.map((entry, index) => (
        <li
          key={`${entry.source}\0${entry.label}\0${entry.detail ?? ''}`}
          id={optionId(id, index)}
          role="option"
          aria-selected={index === active}
          className={index === active ? 'completion-option active' : 'completion-option'}
          // Keep the focus in the textarea: a click chooses without moving it.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onChoose(index)}
          ref={index === active ? (el) => el?.scrollIntoView({ block: 'nearest' }) : undefined}
        >
          <span className="completion-label">{entry.label}</span>
          <span className="completion-source">{entry.source}</span>
          {entry.detail && <span className="completion-detail">{entry.detail}</span>}
        </li>
      ))}
    </ul>
  );
}
