/** sed and cd: the one sed form known to only read (`sed -n 'N,Mp' FILE...`) and cd into at most one folder. */
import { mayExpandToOption, type ReadOnlyJudge } from './word-checks';

/** `sed -n 'N,Mp' FILE...`: printing a range of lines, the one sed form known to only read. */
export const sedReadOnly: ReadOnlyJudge = (args) => {
  if (args.length < 2 || args[0].text !== '-n' || !/^\d+(,\d+)?p$/.test(args[1].text) || args[1].glob) {
    return "sed other than sed -n 'N,Mp' FILE";
  }
  const file = args.slice(2).find((w) => mayExpandToOption(w) || w.text.startsWith('-'));
  return file ? `sed ${file.text}` : null;
};

export const cdReadOnly: ReadOnlyJudge = (args) => {
  if (args.length > 1) return 'cd with more than one folder';
  if (args[0]?.glob) return `cd into a file-name pattern ${args[0].text}`;
  if (args[0] && args[0].text !== '-' && args[0].text.startsWith('-')) return `cd ${args[0].text}`;
  return null;
};
