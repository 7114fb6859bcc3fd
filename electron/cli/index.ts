import { Command, InvalidArgumentError } from 'commander';
import { packageInfo } from './package-info';
import { serveCommand } from './serve-command';

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return port;
}

const program = new Command()
  .name('trellis')
  .description('Trellis: a workbench for coding agents. Spec-driven like Kiro, sandboxed terminal agents like Codex.')
  .version(packageInfo().version, '-V, --version')
  .showHelpAfterError('(add --help for usage)')
  // Set before subcommands are added, so they inherit it: usage errors exit 2, as in every trellis command.
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

program
  .command('serve')
  .description('serve the workbench in a browser on loopback; prints a URL carrying a one-time token')
  .argument('[dir]', 'a folder to open in the workbench')
  .option('--port <n>', 'port to listen on (0 picks a free one)', portNumber, 0)
  .option('--host <host>', 'address to bind; anything but loopback is reachable from other machines', '127.0.0.1')
  .action(async (dir: string | undefined, opts: { port: number; host: string }) => {
    process.exitCode = await serveCommand({ ...opts, dir });
  });

await program.parseAsync(process.argv);
