/**
 * A small SBPL reader for tests: enough Scheme syntax (lists, atoms, "strings",
 * #"regex" strings, ; comments) to check that a generated profile is well
 * formed and to look at its rules as data instead of as text.
 */
export type Sexp = string | { str: string } | Sexp[];

export function readSbpl(text: string): Sexp[] {
  const stack: Sexp[][] = [[]];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ';') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '(') {
      const list: Sexp[] = [];
      stack[stack.length - 1].push(list);
      stack.push(list);
      i++;
    } else if (c === ')') {
      if (stack.length === 1) throw new Error(`unbalanced ')' at ${i}`);
      stack.pop();
      i++;
    } else if (c === '"' || (c === '#' && text[i + 1] === '"')) {
      const start = i;
      i += c === '#' ? 2 : 1;
      let str = '';
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated string at ${start}`);
        if (text[i] === '"') break;
        if (text[i] === '\\') {
          str += text[i + 1];
          i += 2;
        } else {
          str += text[i++];
        }
      }
      i++;
      stack[stack.length - 1].push({ str });
    } else {
      let atom = '';
      while (i < text.length && !/[\s()";]/.test(text[i])) atom += text[i++];
      stack[stack.length - 1].push(atom);
    }
  }
  if (stack.length !== 1) throw new Error('unbalanced: missing )');
  return stack[0];
}

/** Canonical one-line rendering, for comparing forms. */
export function show(sexp: Sexp): string {
  if (typeof sexp === 'string') return sexp;
  if (!Array.isArray(sexp)) return JSON.stringify(sexp.str);
  return `(${sexp.map(show).join(' ')})`;
}

/** The top-level allow/deny rules, rendered. */
export function rules(text: string): string[] {
  return readSbpl(text)
    .filter((form): form is Sexp[] => Array.isArray(form) && (form[0] === 'allow' || form[0] === 'deny'))
    .map(show);
}

/** Every name used in a (param "NAME") form. */
export function paramRefs(text: string): Set<string> {
  const names = new Set<string>();
  const walk = (sexp: Sexp) => {
    if (!Array.isArray(sexp)) return;
    const [head, arg] = sexp;
    if (head === 'param' && arg && typeof arg === 'object' && !Array.isArray(arg)) names.add(arg.str);
    sexp.forEach(walk);
  };
  readSbpl(text).forEach(walk);
  return names;
}

/** Every string literal in the profile (comments excluded). */
export function stringLiterals(text: string): string[] {
  const out: string[] = [];
  const walk = (sexp: Sexp) => {
    if (Array.isArray(sexp)) sexp.forEach(walk);
    else if (typeof sexp === 'object') out.push(sexp.str);
  };
  readSbpl(text).forEach(walk);
  return out;
}
