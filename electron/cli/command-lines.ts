import { ExpectedFailure } from '../core/errors/expected-failure';

/**
 * What a command group prints: results on stdout, warnings and failures on stderr prefixed with the group
 * (`trellis mcp: …`), and an expected failure (config, usage, no such name) as one line with its exit code;
 * anything else is a bug and is thrown.
 */
export function commandLines(group: string) {
  const err = (line: string): void => void process.stderr.write(`trellis ${group}: ${line}\n`);
  const failed = (error: unknown, code: number): number => {
    if (!(error instanceof ExpectedFailure)) throw error;
    err(error.message);
    return code;
  };
  return {
    out: (line: string): void => void process.stdout.write(`${line}\n`),
    err,
    failed,
    /** Runs a command's work; an expected failure is one line and exit 2. */
    run: async (work: () => Promise<number>): Promise<number> => {
      try {
        return await work();
      } catch (error) {
        return failed(error, 2);
      }
    },
  };
}
