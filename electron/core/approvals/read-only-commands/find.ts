/** find: the tests and actions of its expression that only read or print, and the judge that walks them. */
import { globProblem, mayExpandToOption, type ReadOnlyJudge } from './word-checks';

/** find's expression: tests and actions that only read or print to stdout; -exec, -delete, -fprint*, -fls, -ok are not among them. */
const FIND_TESTS = new Set([
  '-print',
  '-print0',
  '-prune',
  '-not',
  '-a',
  '-o',
  '-and',
  '-or',
  '!',
  '(',
  ')',
  ',',
  '-depth',
  '-xdev',
  '-mount',
  '-empty',
  '-readable',
  '-writable',
  '-executable',
  '-true',
  '-false',
  '-ls',
  '-quit',
  '-nouser',
  '-nogroup',
  '-follow',
  '-noleaf',
]);
const FIND_VALUE_TESTS = new Set([
  '-name',
  '-iname',
  '-path',
  '-ipath',
  '-wholename',
  '-iwholename',
  '-type',
  '-xtype',
  '-maxdepth',
  '-mindepth',
  '-size',
  '-mtime',
  '-mmin',
  '-atime',
  '-amin',
  '-ctime',
  '-cmin',
  '-newer',
  '-anewer',
  '-cnewer',
  '-perm',
  '-user',
  '-group',
  '-uid',
  '-gid',
  '-regex',
  '-iregex',
  '-regextype',
  '-links',
  '-inum',
  '-samefile',
  '-lname',
  '-ilname',
  '-printf',
  '-used',
]);

export const findReadOnly: ReadOnlyJudge = (args) => {
  let i = 0;
  while (args[i] && ['-H', '-L', '-P'].includes(args[i].text)) i++;
  for (; i < args.length; i++) {
    const { text } = args[i];
    if (mayExpandToOption(args[i])) return globProblem(text);
    if (FIND_TESTS.has(text)) continue;
    if (FIND_VALUE_TESTS.has(text)) {
      if (!args[i + 1]) return `${text} has no value`;
      if (mayExpandToOption(args[i + 1])) return globProblem(args[i + 1].text);
      i++; // find takes the next word as the value whatever it looks like: `-name -delete` is a name
      continue;
    }
    if (text.startsWith('-')) return `find ${text} is not known to only read`;
  }
  return null;
};
