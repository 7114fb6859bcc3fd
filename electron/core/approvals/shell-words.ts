/**
 * The words a POSIX shell (bash -c) will pass to each program of a command line, for judging whether
 * the line only reads. It understands quoting, escapes, comments, `|`, `&&`, `||`, `;` and newlines,
 * and the harmless redirections `>/dev/null`, `2>&1`; everything else that could make the shell do
 * more than run the words it shows (substitutions, expansions, other redirections, heredocs,
 * background jobs, subshells, brace lists) is refused: the caller then asks a person.
 */

export interface ShellWord {
  /** The word after quote removal, as the program receives it. */
  text: string;
  /** An unquoted `*`, `?` or `[`: the shell replaces the word with matching file names, which could be anything (even `-delete`). */
  glob: boolean;
}

export type ParsedCommandLine = { ok: true; commands: ShellWord[][] } | { ok: false; reason: string };

const BLANK = new Set([' ', '\t']);
/** A redirection target the command cannot write through. */
const HARMLESS_TARGET = /^(?:\/dev\/null|&[12])(?=[\s;&|]|$)/;

export function parseCommandLine(line: string): ParsedCommandLine {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let word: ShellWord | null = null;
  /** The current word's text came only from unquoted digits (a file descriptor before `>`). */
  let bareDigits = false;
  /** An unquoted `{` is open in this word: a `,` or `..` would make it a brace expansion. */
  let braceOpen = false;
  /** The operator that ended the previous command needs a command after it (`|`, `&&`, `||`). */
  let needCommand = false;
  const refuse = (reason: string): ParsedCommandLine => ({ ok: false, reason });

  const startWord = () => {
    if (!word) {
      word = { text: '', glob: false };
      bareDigits = true;
      braceOpen = false;
    }
    return word;
  };
  const endWord = () => {
    if (word) words.push(word);
    word = null;
  };
  const endCommand = (operator: 'list' | 'needs-next'): string | null => {
    endWord();
    if (words.length) {
      if (words[0].text === '!' && !words[0].glob) return 'pipeline negation `!`';
      commands.push(words);
      words = [];
      needCommand = operator === 'needs-next';
      return null;
    }
    if (needCommand || operator === 'needs-next') return 'an operator without a command on one side';
    return null;
  };

  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (BLANK.has(c)) {
      endWord();
      continue;
    }
    if (c === '\n' || c === ';') {
      if (c === ';' && line[i + 1] === ';') return refuse('`;;`');
      const problem = endCommand('list');
      if (problem) return refuse(problem);
      continue;
    }
    if (c === '&') {
      if (line[i + 1] !== '&') return refuse('a background job `&`');
      i++;
      const problem = endCommand('needs-next');
      if (problem) return refuse(problem);
      continue;
    }
    if (c === '|') {
      if (line[i + 1] === '&') return refuse('`|&`');
      if (line[i + 1] === '|') i++;
      const problem = endCommand('needs-next');
      if (problem) return refuse(problem);
      continue;
    }
    if (c === '<') return refuse('an input redirection or heredoc `<`');
    if (c === '>') {
      // `2>&1`, `>/dev/null`, `2>>/dev/null`: the descriptor, if any, is the unquoted digits just before.
      const current = word as ShellWord | null;
      if (current && !(bareDigits && /^[12]$/.test(current.text))) return refuse('a redirection `>` into a file');
      word = null;
      let j = i + 1;
      if (line[j] === '>') j++;
      else if (line[j] === '|') return refuse('`>|`');
      while (BLANK.has(line[j])) j++;
      const target = HARMLESS_TARGET.exec(line.slice(j));
      if (!target) return refuse('a redirection `>` into a file');
      if (target[0].startsWith('&') && line[i + 1] === '>') return refuse('`>>&`');
      i = j + target[0].length - 1;
      continue;
    }
    if (c === '#' && !word) {
      // A comment runs to the end of the line; the shell passes none of it.
      while (i + 1 < line.length && line[i + 1] !== '\n') i++;
      continue;
    }
    if (c === '$') return refuse('an expansion or substitution `$`');
    if (c === '`') return refuse('a command substitution with backticks');
    if (c === '(' || c === ')') return refuse('a subshell or function `(`');
    const w = startWord();
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return refuse('an unterminated single quote');
      w.text += line.slice(i + 1, end);
      bareDigits = false;
      i = end;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const d = line[j];
        if (d === '$' || d === '`') return refuse('an expansion or substitution inside double quotes');
        if (d === '\\') {
          const next = line[j + 1];
          if (next === undefined) break;
          if (next === '\n') {
            j++;
            continue;
          }
          if ('"\\$`'.includes(next)) {
            w.text += next;
            j++;
            continue;
          }
        }
        w.text += d;
      }
      if (j >= line.length) return refuse('an unterminated double quote');
      bareDigits = false;
      i = j;
      continue;
    }
    if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined) return refuse('a trailing backslash');
      i++;
      if (next === '\n') {
        // A line continuation: nothing at all. An empty word would not have started.
        if (!w.text && bareDigits) word = null;
        continue;
      }
      w.text += next;
      bareDigits = false;
      continue;
    }
    // An ordinary unquoted character.
    if (c === '*' || c === '?' || c === '[') w.glob = true;
    if (c === '{') braceOpen = true;
    if (braceOpen && (c === ',' || (c === '.' && line[i + 1] === '.'))) return refuse('a brace expansion `{a,b}`');
    if (!/[0-9]/.test(c)) bareDigits = false;
    w.text += c;
  }
  const problem = endCommand('list');
  if (problem) return refuse(problem);
  if (needCommand) return refuse('an operator without a command after it');
  if (!commands.length) return refuse('an empty command');
  return { ok: true, commands };
}
