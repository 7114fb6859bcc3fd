import os from 'node:os';
import path from 'node:path';
import type { SessionEvent } from '../../contract';
import type { ApprovalPolicy, Approver } from '../approvals/approval-policy';
import { loadConfig } from '../config/load-config';
import { sessionTrust } from '../config/project-trust';
import { priceFor } from '../config/model-prices';
import { resolveProvider } from '../config/model-providers';
import type { TrellisConfig } from '../config/config-types';
import { ConfigError } from '../config/config-error';
import { isReservedSecretName, type SecretStore } from '../config/secret-store';
import { loadAgentsDocs } from '../instructions/agents-docs';
import { buildInstructions } from '../instructions/build-instructions';
import { loadSteering } from '../instructions/steering';
import { createModelClient } from '../models/create-model-client';
import { commandEnvironment } from '../sandbox/command-environment';
import { buildSandboxPolicy } from '../sandbox/build-policy';
import { refreshDenyRead } from '../sandbox/fresh-deny-read';
import type { SandboxPolicy } from '../sandbox/sandbox-policy';
import { createExecutor } from '../sandbox/create-executor';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { applyPatchTool } from '../tools/apply-patch-tool';
import { execCommandTool } from '../tools/exec-command-tool';
import { updatePlanTool } from '../tools/update-plan-tool';
import type { McpManager } from '../mcp/mcp-types';
import { McpSessionServers } from '../mcp/mcp-session-servers';
import { mcpTools } from '../mcp/mcp-tools';
import { startSessionMcp } from '../mcp/session-mcp';
import { startSessionHooks } from '../hooks/session-hooks';
import type { AgentSessionOptions } from './agent-session';
import type { PatchReviewer } from '../tools/patch-review';
import { sandboxPolicyOptions } from './sandbox-policy-options';
import { planModeCommands } from './plan-mode-commands';
import type { Asker } from '../questions/request-user-input-tool';
import { contextWindowFor, DEFAULT_MODELS } from './session-model';

export interface SessionSetup {
  home: string;
  cwd: string;
  profile?: string;
  /** `-c key=value` strings; flags such as -m and --sandbox arrive here too. */
  overrides?: string[];
  /** `trellis exec --ignore-user-config`: the home's config.toml is not read (the home still holds sessions). */
  ignoreUserConfig?: boolean;
  approver: Approver;
  /** Reviews edits before they are written (the window). */
  reviewer?: PatchReviewer;
  /** Asks the person request_user_input's questions (the window). */
  asker?: Asker;
  source: 'exec' | 'window' | 'crew';
  outputSchema?: Record<string, unknown>;
  ephemeral?: boolean;
  onEvent?: (event: SessionEvent) => void;
  env?: NodeJS.ProcessEnv;
  /** The desktop app's keychain: a key missing from the environment is looked up here. */
  secrets?: SecretStore;
  /** Variables every command of the session sees, whatever the environment policy (a crew task's TRELLIS_TASK_ID). */
  commandEnv?: Record<string, string>;
  /** MCP servers the window already runs for this workspace: used as they are, and left open when the session closes. */
  mcpManager?: McpManager;
  /** Trellis's version, as MCP servers are told it. */
  appVersion?: string;
  /** `trellis exec --trust-all-hooks`: the repository's hooks run in this session without being trusted. */
  trustAllHooks?: boolean;
  /** A crew task's worktree: the repository it comes from, whose trust covers the worktree's identical hook and MCP files. */
  trustedRepository?: string;
}

export interface PreparedSession {
  options: AgentSessionOptions;
  config: TrellisConfig;
  warnings: string[];
}

/** The environment with the provider's key filled in from the keychain when the environment lacks it. */
async function withStoredKey(
  env: NodeJS.ProcessEnv,
  config: TrellisConfig,
  secrets: SecretStore | undefined,
): Promise<NodeJS.ProcessEnv> {
  const provider = config.model_providers[config.model_provider];
  const name = provider?.env_key ?? (provider?.requires_openai_auth ? 'OPENAI_API_KEY' : undefined);
  if (!secrets || !name || env[name]?.trim() || isReservedSecretName(name)) return env;
  const stored = await secrets.get(name);
  return stored ? { ...env, [name]: stored } : env;
}

/**
 * Everything a session needs, from config and the folder: provider and
 * model, instructions (AGENTS.md, steering, environment), tools, executor,
 * the environment commands see, prices and budgets. Config mistakes throw
 * ConfigError with file, line and key.
 */
export async function prepareSession(setup: SessionSetup): Promise<PreparedSession> {
  const env = setup.env ?? process.env;
  const { config, warnings } = await loadConfig({
    home: setup.home,
    profile: setup.profile,
    overrides: setup.overrides,
    ignoreUserConfig: setup.ignoreUserConfig,
  });
  const model = config.model ?? DEFAULT_MODELS[config.model_provider];
  if (!model)
    throw new ConfigError(
      `no model configured for provider ${config.model_provider}: set model in config.toml or pass -m`,
    );
  const provider = resolveProvider(config, { env: await withStoredKey(env, config, setup.secrets) });
  const approvalPolicy = config.approval_policy as ApprovalPolicy;
  const policyOptions = sandboxPolicyOptions(config, {
    cwd: setup.cwd,
    home: setup.home,
    onWarning: (w: string) => warnings.push(w),
  });
  const policy = buildSandboxPolicy({ ...policyOptions, mode: config.sandbox_mode });
  // Never an unconfined fallback: where the kernel sandbox is unavailable this throws, saying why and how to fix it.
  const executor = await createExecutor(policy, { userHome: os.homedir() });
  // Getters: deny_read globs are looked for again at each patch, as before each command (a .env made since is
  // neither read nor written on the agent's behalf).
  const offLimits = (p: SandboxPolicy) => [...p.readOnlySubpaths, ...refreshDenyRead(p).denyRead];
  const patchScope =
    policy.mode === 'danger-full-access'
      ? { writableRoots: [path.parse(setup.cwd).root], readOnlyPaths: [] }
      : {
          writableRoots: policy.mode === 'read-only' ? [] : policy.writableRoots,
          get readOnlyPaths() {
            return offLimits(policy);
          },
        };
  // A person's review or approval is the permission to edit the opened folder whatever the sandbox mode; what
  // workspace-write keeps read-only there (.git, .trellis, the Trellis home, deny_read places) stays refused.
  const asWorkspaceWrite = buildSandboxPolicy({
    ...policyOptions,
    mode: 'workspace-write',
    writableRoots: [],
    excludeTmpdirEnvVar: true,
    onWarning: undefined,
  });
  const reviewScope = {
    writableRoots: [setup.cwd],
    get readOnlyPaths() {
      return offLimits(asWorkspaceWrite);
    },
  };

  const [agentsDocs, steering] = await Promise.all([
    loadAgentsDocs({
      home: setup.home,
      cwd: setup.cwd,
      maxBytes: config.project_doc_max_bytes,
      fallbackFilenames: config.project_doc_fallback_filenames,
      rootMarkers: config.project_root_markers,
    }),
    loadSteering({ root: setup.cwd, onWarning: (w) => warnings.push(w) }),
  ]);
  let instructions = buildInstructions({
    agentsDocs,
    steering,
    base: config.instructions,
    environment: {
      cwd: setup.cwd,
      sandboxMode: config.sandbox_mode,
      approvalPolicy,
      os: `${os.type()} ${os.release()}`,
      shell: process.platform === 'win32' ? 'cmd.exe' : 'bash',
      networkAccess: policy.network.mode === 'on',
      ...(policy.network.mode === 'allow-hosts' ? { allowedHosts: policy.network.hosts } : {}),
    },
  });
  if (config.developer_instructions) instructions += `\n\n${config.developer_instructions}`;

  const envPolicy = config.shell_environment_policy;
  const commandEnv = commandEnvironment(
    env,
    { inherit: envPolicy.inherit, exclude: envPolicy.exclude, set: envPolicy.set, includeOnly: envPolicy.include_only },
    { secretNames: [provider.envKey ?? ''], add: { ...setup.commandEnv } },
  );

  // Read once for the session's hooks and MCP servers: a crew worktree is trusted as its repository (worktreeTrust).
  const trust = await sessionTrust(setup.home, setup.cwd, os.homedir(), setup.trustedRepository);
  const hooks = await startSessionHooks({
    home: setup.home,
    cwd: setup.cwd,
    config,
    executor,
    env: commandEnv,
    trustAllHooks: setup.trustAllHooks,
    ignoreUserConfig: setup.ignoreUserConfig,
    trust,
    onWarning: (w) => warnings.push(w),
  });

  // One event may carry the whole response, JSON-escaped and repeated by the final events: 4x leaves room for that.
  const client = await createModelClient({ ...provider, maxStreamLineBytes: 4 * config.model_max_response_bytes });
  // Last, so nothing after it can fail and leave servers running: they come up while the session's log is created,
  // and the session waits for them.
  const mcp = setup.mcpManager
    ? new McpSessionServers(setup.mcpManager, false)
    : await startSessionMcp({
        home: setup.home,
        cwd: setup.cwd,
        config,
        env,
        executor,
        secrets: setup.secrets,
        appVersion: setup.appVersion,
        ignoreUserConfig: setup.ignoreUserConfig,
        trust,
        onWarning: (w) => warnings.push(w),
      });
  const builtinTools = [execCommandTool, applyPatchTool, updatePlanTool];

  return {
    config,
    warnings,
    options: {
      home: setup.home,
      cwd: setup.cwd,
      model,
      providerId: provider.id,
      client,
      requestMaxRetries: provider.requestMaxRetries,
      streamMaxRetries: provider.streamMaxRetries,
      instructions,
      tools: mcp ? () => [...builtinTools, ...mcpTools(mcp.manager)] : builtinTools,
      mcp,
      hooks,
      executor,
      escalatedExecutor: new UnconfinedExecutor(),
      planCommands: () => planModeCommands(policyOptions, executor),
      patchScope,
      reviewScope,
      env: commandEnv,
      sandboxMode: config.sandbox_mode,
      approvalPolicy,
      approver: setup.approver,
      reviewer: setup.reviewer,
      asker: setup.asker,
      price: priceFor(config.model_prices, model),
      prices: config.model_prices,
      contextWindowTokens: config.model_context_window ?? contextWindowFor(model),
      autoCompactTokenLimit: config.model_auto_compact_token_limit,
      compactPrompt: config.compact_prompt,
      limits: {
        maxResponseBytes: config.model_max_response_bytes,
        maxLoggedDeltaBytes: config.session_log_max_delta_bytes,
        maxLoggedExecOutputBytes: config.session_log_max_exec_output_bytes,
      },
      budgets: {
        maxTurns: config.budgets.max_turns,
        maxTokens: config.budgets.max_tokens,
        maxCostUsd: config.budgets.max_cost_usd,
      },
      outputSchema: setup.outputSchema,
      reasoningEffort: config.model_reasoning_effort,
      ephemeral: setup.ephemeral,
      source: setup.source,
      onEvent: setup.onEvent,
    },
  };
}
