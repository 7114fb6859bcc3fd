import { Command, InvalidArgumentError } from 'commander';
import { fileURLToPath } from 'node:url';
import type { ExecOptions } from './exec-command';
import { closeInheritedDescriptors } from '../core/sandbox/inherited-descriptors';
import { packageInfo } from './package-info';

// Descriptors whoever started us left open (no close-on-exec) would reach every command Trellis runs.
closeInheritedDescriptors();

// Each command's module is loaded only when it runs (built, its own bundle: scripts/build-cli.js), so a
// command parses nothing another one needs: `trellis sandbox` never loads the model SDKs or fetch.
const execCommand = async (...args: Parameters<typeof import('./exec-command').execCommand>) =>
  (await import('./exec-command')).execCommand(...args);
const sandboxCommand = async (...args: Parameters<typeof import('./sandbox-command').sandboxCommand>) =>
  (await import('./sandbox-command')).sandboxCommand(...args);

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return port;
}

/**
 * fetch (undici) compiles its HTTP parser to WebAssembly; V8's optimising tier-up of it runs in the
 * background and process exit waits for it, about 0.2 s. The baseline compiler is plenty for SSE.
 * Only the commands that talk to a model load node:v8 for it.
 */
async function baselineWasmCompilerOnly(): Promise<void> {
  (await import('node:v8')).default.setFlagsFromString('--liftoff-only');
}

// `trellis exec --json | head`: a reader that stops early is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

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
    // The built renderer sits beside this entry point's folder (out/cli/trellis.js -> out/renderer).
    const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
    await baselineWasmCompilerOnly();
    // Exit once the server and the workbench are closed: a crew run or a child it started must not hold the process open.
    process.exit(await (await import('./serve-command')).serveCommand({ ...opts, dir, rendererDir }));
  });

program
  .command('apply-patch')
  .description("apply a patch in Codex's apply_patch format, read from stdin; all or nothing")
  .option('-C, --cd <dir>', 'resolve the patch paths against DIR instead of the current folder')
  .action(async (opts: { cd?: string }) => {
    process.exitCode = await (await import('./apply-patch-command')).applyPatchCommand({ dir: opts.cd });
  });

/** The flags exec and exec resume share (resume needs them repeated, as in Codex). */
function execFlags(command: Command): Command {
  return command
    .option('--json', 'print every event as one JSON object per line on stdout')
    .option('--output-schema <file>', 'make the final answer JSON valid against this JSON Schema')
    .option('-o, --output-last-message <file>', 'write the final answer to FILE')
    .option('--ephemeral', 'keep no session log')
    .option('-s, --sandbox <mode>', 'read-only | workspace-write | danger-full-access')
    .option(
      '-a, --ask-for-approval <policy>',
      'untrusted | on-request | on-failure | never (exec never prompts: what needs approval is refused)',
    )
    .option('--full-auto', 'workspace-write sandbox, on-request approvals')
    .option('-m, --model <model>', 'the model to use')
    .option('-p, --profile <name>', 'a [profiles.NAME] table of config.toml')
    .option('-C, --cd <dir>', 'work in DIR')
    .option(
      '-c, --config <key=value>',
      'override a config key (TOML value); repeatable',
      (value: string, all: string[] = []) => [...all, value],
    )
    .option(
      '--ignore-user-config',
      "do not read the Trellis home's config.toml (hermetic CI runs); -c, flags and the environment still apply",
    )
    .option('--skip-git-repo-check', 'allow a folder outside git')
    .option('--no-interactive', "Kiro's flag; exec never prompts anyway")
    .option('--trust-all-tools', 'run commands that would need approval (Kiro)')
    .option('--trust-tools <names>', 'comma-separated tools to trust, e.g. exec_command (Kiro)')
    .option('--trust-all-hooks', "run the repository's hooks for this run without trusting them (for CI)")
    .option('--goal <objective>', 'pursue OBJECTIVE over continuation turns until the model marks it complete (exit 0)')
    .option('--token-budget <tokens>', 'with --goal: stop after one wrap-up turn once the goal spent TOKENS (exit 1)')
    .option('--plan', 'plan mode: read-only, no patches; print the proposed plan as the last message');
}

const exec = execFlags(
  program
    .command('exec')
    .description('run one task headless and exit: 0 done, 1 failed, 2 usage or config error, 130 interrupted')
    .argument('[prompt]', 'the task; - or nothing reads it from stdin'),
).action(async (prompt: string | undefined, opts: ExecOptions) => {
  await baselineWasmCompilerOnly();
  // Exit as soon as the task is done: idle keep-alive sockets and timers must not hold a CI job open.
  process.exit(await execCommand(prompt, opts));
});

execFlags(
  exec
    .command('resume')
    .description('continue a session: the newest with --last, or the one named by ID')
    .argument('[id]', 'the session id (or an unambiguous prefix)')
    .argument('[prompt]', 'the next prompt; - or nothing reads it from stdin')
    .option('--last', 'the newest session in this folder'),
).action(async (id: string | undefined, prompt: string | undefined, opts: ExecOptions & { last?: boolean }) => {
  // With --last the one positional is the prompt.
  const [sessionId, text] = opts.last ? [undefined, id] : [id, prompt];
  if (!opts.last && !sessionId) {
    process.stderr.write('trellis exec resume: name a session id or pass --last\n');
    process.exitCode = 2;
    return;
  }
  await baselineWasmCompilerOnly();
  process.exit(await execCommand(text, { ...exec.opts<ExecOptions>(), ...opts }, { id: sessionId, last: opts.last }));
});

const repeatable = (value: string, all: string[] = []) => [...all, value];

program
  .command('sandbox')
  .description(
    "run one command under the sandbox policy (config.toml plus these flags); exits with the command's status, 128+N for signal N",
  )
  .usage('[options] -- CMD ARGS...')
  .argument('<command...>', 'the command and its arguments, after --')
  .option(
    '-s, --sandbox <mode>',
    'read-only | workspace-write | danger-full-access (default: sandbox_mode from config.toml)',
  )
  .option('--writable-root <dir>', 'another folder the command may write (workspace-write); repeatable', repeatable)
  .option(
    '--deny-read <path>',
    'hide this path or glob (**/.env, ~/.config/gh/**) from the command, even from reads; repeatable',
    repeatable,
  )
  .option('--allow-host <host>', 'allow only this host, through the network proxy; repeatable', repeatable)
  .option('--network <on|off>', 'network access (default: sandbox_workspace_write.network_access, else off)')
  .option('-C, --cd <dir>', 'run the command in DIR')
  .action(async (command: string[], opts: import('./sandbox-command').SandboxOptions) => {
    process.exit(await sandboxCommand(command, opts));
  });

program
  .command('trust')
  .description(
    "show what a repository's configuration (.trellis/agents, .kiro/settings/mcp.json, hook files) would change beyond what an untrusted repository may, and trust it",
  )
  .argument('[dir]', 'the repository (default: the current folder)')
  .option('--yes', 'trust without asking (for scripts)')
  .option('--revoke', "forget this repository's trust")
  .action(async (dir: string | undefined, opts: import('./trust-command').TrustOptions) => {
    process.exitCode = await (await import('./trust-command')).trustCommand(dir, opts);
  });

const hooks = program
  .command('hooks')
  .description('the hooks of the Trellis home and the repository (Codex hooks.json, Kiro .kiro/hooks and agent files)');
const hooksModule = () => import('./hooks-command');
hooks
  .command('list')
  .description('every hook with its format, event, matcher, action, and whether it is trusted and enabled')
  .argument('[dir]', "the folder whose repository's hooks are read (default: the current folder)")
  .option('--json', 'one JSON object: hooks and diagnostics')
  .action(async (dir: string | undefined, opts: import('./hooks-command').HooksCommandOptions) => {
    process.exitCode = await (await hooksModule()).hooksListCommand(dir, opts);
  });
hooks
  .command('trust')
  .description("trust a repository's hooks as they are now; an edit of one asks again for that one")
  .argument('[dir-and-names...]', 'optionally the folder (default: the current one), then hook names or ids')
  .option('--all', 'every repository hook that is not trusted yet')
  .action(async (args: string[], opts: import('./hooks-command').HooksCommandOptions) => {
    process.exitCode = await (await hooksModule()).hooksTrustCommand(args, opts);
  });

const mcp = program.command('mcp').description('the MCP servers of config.toml and .kiro/settings/mcp.json');
const mcpLoginModule = () => import('./mcp-login-command');
const mcpModule = () => import('./mcp-command');
const mcpFlags = (command: Command) =>
  command
    .option('--json', 'print JSON')
    .option('--no-connect', 'list the definitions only; start no server')
    .option('-C, --cd <dir>', "read this folder's repository's .kiro/settings/mcp.json (default: the current folder)");
mcpFlags(
  mcp
    .command('list')
    .description(
      'every server a session here would use: where it is defined, its state after one connection attempt, its tools and their approval modes',
    ),
).action(async (opts: { json?: boolean; connect?: boolean; cd?: string }) => {
  // Exit once done: a server's HTTP connection may keep the process alive.
  process.exit(await (await mcpModule()).mcpListCommand({ ...opts, cwd: opts.cd }));
});
mcpFlags(
  mcp
    .command('get')
    .description('one server in detail: definition, source file, state, tools, prompts and resources')
    .argument('<name>', 'the server, as named in config.toml or mcp.json'),
).action(async (name: string, opts: { json?: boolean; connect?: boolean; cd?: string }) => {
  process.exit(await (await mcpModule()).mcpGetCommand(name, { ...opts, cwd: opts.cd }));
});
mcp
  .command('add')
  .description("add a server to the Trellis home's config.toml: a command after --, or --url for an HTTP server")
  .usage('NAME [--env K=V]... -- COMMAND ARGS...  |  NAME --url URL [--bearer-token-env-var VAR]')
  .argument('<name>', 'letters, digits, - and _')
  .argument('[command...]', 'the command and its arguments, after --')
  .option('--env <K=V>', 'a variable for the server; repeatable', repeatable)
  .option('--url <url>', 'a streamable HTTP server')
  .option('--bearer-token-env-var <var>', 'the variable holding a bearer token for --url')
  .action(async (name: string, command: string[], opts: import('./mcp-command').McpAddOptions) => {
    process.exitCode = await (await mcpModule()).mcpAddCommand(name, command, opts);
  });
mcp
  .command('remove')
  .description("remove a server from the Trellis home's config.toml")
  .argument('<name>', 'the server, as named in config.toml')
  .action(async (name: string) => {
    process.exitCode = await (await mcpModule()).mcpRemoveCommand(name);
  });
// login and logout (OAuth) follow, from mcp-login-command.ts.
mcp
  .command('login')
  .description(
    'log in to an HTTP MCP server with OAuth: prints the address to open, waits for the browser, keeps the token',
  )
  .argument('<name>', 'the server, as named in config.toml or mcp.json')
  .option('--json', 'print {server, storedIn} as JSON')
  .option('--no-browser', 'print the address only; do not try to open a browser')
  .option('--timeout <seconds>', 'how long to wait for the browser (default 300)', (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a number of seconds above 0.');
    return n;
  })
  .option('-C, --cd <dir>', "read this folder's repository's .kiro/settings/mcp.json (default: the current folder)")
  .action(async (name: string, opts: import('./mcp-login-command').McpLoginCommandOptions & { cd?: string }) => {
    // Exit once done: the SDK's fetch may keep a connection to the server alive.
    process.exit(await (await mcpLoginModule()).mcpLoginCommand(name, { ...opts, cwd: opts.cd }));
  });
mcp
  .command('logout')
  .description("forget an HTTP MCP server's OAuth token and registration")
  .argument('<name>', 'the server, as named in config.toml or mcp.json')
  .option('--json', 'print {server, removed} as JSON')
  .option('-C, --cd <dir>', "read this folder's repository's .kiro/settings/mcp.json (default: the current folder)")
  .action(async (name: string, opts: { json?: boolean; cd?: string }) => {
    process.exitCode = await (await mcpLoginModule()).mcpLogoutCommand(name, { ...opts, cwd: opts.cd });
  });

const spec = program
  .command('spec')
  .description('Kiro-compatible specs in .kiro/specs: list, lint, show the task graph, set a task status, create one');
const specModule = () => import('./spec-command');
spec
  .command('list')
  .description('list the specs of the repository at DIR (.kiro/specs and the older .kiro/plans)')
  .argument('[dir]', 'the repository (default: the current folder)')
  .option('--json', 'print the list as JSON')
  .action(async (dir: string | undefined, opts: { json?: boolean }) => {
    process.exitCode = await (await specModule()).specListCommand(dir, opts);
  });
spec
  .command('lint')
  .description('check a spec: EARS, the task graph, traceability; prints file:line: message, exits 1 on errors')
  .argument('<spec-dir>', 'the spec folder, or a spec name under .kiro/specs')
  .action(async (dir: string) => {
    process.exitCode = await (await specModule()).specLintCommand(dir);
  });
spec
  .command('graph')
  .description("print a spec's task graph as a tree, or as JSON with --json")
  .argument('<spec-dir>', 'the spec folder, or a spec name under .kiro/specs')
  .option('--json', 'print {tasks, waves, diagnostics} as JSON')
  .action(async (dir: string, opts: { json?: boolean }) => {
    process.exitCode = await (await specModule()).specGraphCommand(dir, opts);
  });
spec
  .command('status')
  .description("set one task's status in tasks.md; only its state character changes")
  .argument('<spec-dir>', 'the spec folder, or a spec name under .kiro/specs')
  .argument('<task-id>', 'the task id, e.g. 2.1')
  .argument('<status>', 'todo | in_progress | done | queued')
  .action(async (dir: string, taskId: string, status: string) => {
    process.exitCode = await (await specModule()).specStatusCommand(dir, taskId, status);
  });
spec
  .command('run')
  .description(
    "run a spec's tasks as parallel subagents, each in its own git worktree and sandbox; exits 0 when every selected task is done and merged",
  )
  .argument('<spec-dir>', 'the spec folder, or a spec name under .kiro/specs')
  .option('--tasks <ids>', 'only these tasks (comma-separated) and what they depend on')
  .option('--max-parallel <n>', 'at most N subagents at once (default [agents] max_threads, 4)', (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of at least 1.');
    return n;
  })
  .option('--include-optional', 'run optional (*) tasks too')
  .option('--no-merge', "leave each finished task's branch for review instead of merging it")
  .option(
    '--allow-large-files',
    'merge a task even when it adds files over [crew] max_added_file_kb or new binary files (they are still listed)',
  )
  .option('--json', 'print the run as JSON events, one a line')
  .option('-p, --profile <name>', 'a [profiles.NAME] table of config.toml')
  .option(
    '-c, --config <key=value>',
    'override a config key (TOML value); repeatable',
    (value: string, all: string[] = []) => [...all, value],
  )
  .action(async (dir: string, opts: import('./spec-run-command').SpecRunOptions) => {
    const { resolveSpecDir } = await specModule();
    await baselineWasmCompilerOnly();
    process.exit(await (await import('./spec-run-command')).specRunCommand(await resolveSpecDir(dir), opts));
  });
spec
  .command('worktrees')
  .description('list the git worktrees Trellis made for crew tasks; --remove removes them (their branches stay)')
  .argument('[dir]', 'the repository (default: the current folder)')
  .option('--remove', 'remove them')
  .action(async (dir: string | undefined, opts: { remove?: boolean }) => {
    process.exitCode = await (await import('./spec-worktrees-command')).specWorktreesCommand(dir, opts);
  });
spec
  .command('new')
  .description('create .kiro/specs/NAME with .config.kiro and the first document (requirements-first unless told)')
  .argument('<name>', 'short kebab-case, e.g. todo-export')
  .option('--bugfix', 'a bugfix spec (bugfix.md instead of requirements.md)')
  .option('--design-first', 'start from design.md')
  .option('--quick', 'quick spec: requirements, design and tasks at once')
  .option('-C, --cd <dir>', 'the repository (default: the current folder)')
  .action(async (name: string, opts: import('./spec-command').SpecNewOptions) => {
    process.exitCode = await (await specModule()).specNewCommand(name, opts);
  });

await program.parseAsync(process.argv);
