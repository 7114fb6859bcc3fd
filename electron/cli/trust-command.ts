import path from 'node:path';
import readline from 'node:readline/promises';
import { ConfigError } from '../core/config/config-error';
import { projectTrust, recordTrust, revokeTrust } from '../core/config/project-trust';
import { reviewRepositoryConfig } from '../core/crew/repository-config';
import { trellisHome } from '../core/config/trellis-home';
import { changeLine } from '../core/config/trust-notice';
import { repoRoot } from '../core/git/git';

export interface TrustOptions {
  yes?: boolean;
  revoke?: boolean;
}

/**
 * `trellis trust [DIR] [--yes] [--revoke]`: show exactly what the repository's configuration would change
 * beyond what an untrusted repository may, then record the person's trust in their own config.toml
 * (asked on a terminal, `--yes` for scripts, refused without either). Exit 0 trusted (or nothing to
 * trust, or revoked), 1 declined, 2 usage or config error.
 */
export async function trustCommand(dir: string | undefined, options: TrustOptions): Promise<number> {
  const home = trellisHome();
  const folder = path.resolve(dir ?? '.');
  // The repository's root, so the trust covers the .trellis a run in any of its folders would read.
  const repo = await repoRoot(folder).catch(() => folder);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    if (options.revoke) {
      const before = await projectTrust(home, repo);
      await revokeTrust(home, repo);
      out(
        before.state === 'untrusted'
          ? `${before.repo} was not trusted; nothing to revoke`
          : `trust revoked: ${before.repo}`,
      );
      return 0;
    }
    const review = await reviewRepositoryConfig(home, repo);
    for (const problem of review.problems) process.stderr.write(`trellis trust: ${problem}\n`);
    if (!review.files.length) {
      out(`${review.trust.repo}: nothing in this repository's configuration needs trust`);
      return 0;
    }
    const state = { trusted: 'trusted', changed: 'changed since you trusted it', untrusted: 'not trusted' }[
      review.trust.state
    ];
    out(`${review.trust.repo} (${state})`);
    out('Trusting it lets these keys take effect:');
    for (const { changes } of review.files) for (const change of changes) out(`  ${changeLine(change)}`);
    if (review.trust.state === 'trusted') return 0;
    if (!options.yes) {
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        process.stderr.write(
          'trellis trust: not asking without a terminal; pass --yes to trust the configuration shown\n',
        );
        return 2;
      }
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
      const answer = await rl.question("Trust this repository's configuration? [y/N] ").finally(() => rl.close());
      if (!/^y(es)?$/i.test(answer.trim())) {
        out('kept untrusted');
        return 1;
      }
    }
    await recordTrust(home, review.trust.repo, review.trust.hash);
    out(`trusted: ${review.trust.repo} (a change to these files asks again)`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`trellis trust: ${err.message}\n`);
      return 2;
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`trellis trust: ${folder}: no such folder\n`);
      return 2;
    }
    throw err;
  }
}
