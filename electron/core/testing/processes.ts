import { execFileSync } from 'node:child_process';

/**
 * Test helper: the processes (pid and command line) whose command line contains `text`, as `ps` lists them.
 * A test gives a command a unique word (a temp folder's path) and can then tell whether it still runs.
 */
export function processesMentioning(text: string): string[] {
  const listing = execFileSync('ps', ['-ww', '-eo', 'pid=,args='], { encoding: 'utf8' });
  return listing
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes(text));
}
