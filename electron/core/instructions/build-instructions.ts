import type { ApprovalPolicy, SandboxMode } from '../config/config-schema';
import type { AgentsDocs } from './agents-docs';
import { BASE_INSTRUCTIONS } from './base-prompt';
import type { SteeringDoc } from './steering';

export interface InstructionsEnvironment {
  cwd: string;
  sandboxMode: SandboxMode;
  approvalPolicy: ApprovalPolicy;
  /** e.g. `linux`, `darwin`, `win32` (process.platform) or a friendlier name. */
  os: string;
  shell: string;
  /** Defaults to now; a Date is shown as the local YYYY-MM-DD, a string as given. */
  date?: Date | string;
  /** Shown when known, so the model does not try the network in vain. */
  networkAccess?: boolean;
  /** With the network restricted: the hosts reachable through the sandbox's proxy (HTTP(S)_PROXY is set). */
  allowedHosts?: string[];
}

export interface BuildInstructionsInput {
  agentsDocs?: Pick<AgentsDocs, 'text'> | null;
  steering?: readonly SteeringDoc[];
  environment: InstructionsEnvironment;
  /** Replaces the built-in base prompt (config `instructions`). */
  base?: string;
}

/**
 * The developer text for a session: base prompt, AGENTS.md block, steering docs (each labelled
 * with its file), then `<environment_context>`. Empty parts are left out.
 */
export function buildInstructions(input: BuildInstructionsInput): string {
  const { environment: env } = input;
  const sections = [(input.base ?? BASE_INSTRUCTIONS).trim()];
  const agents = input.agentsDocs?.text.trim();
  if (agents) sections.push(`# AGENTS.md instructions for ${env.cwd}\n\n<INSTRUCTIONS>\n${agents}\n</INSTRUCTIONS>`);
  for (const doc of input.steering ?? []) {
    const text = doc.text.trim();
    if (text)
      sections.push(
        `# Steering instructions from ${doc.file} (${doc.inclusion})\n\n<INSTRUCTIONS>\n${text}\n</INSTRUCTIONS>`,
      );
  }
  const fields: [string, string][] = [
    ['cwd', env.cwd],
    ['approval_policy', env.approvalPolicy],
    ['sandbox_mode', env.sandboxMode],
    ...(env.networkAccess === undefined
      ? []
      : ([['network_access', env.networkAccess ? 'enabled' : 'restricted']] as [string, string][])),
    ...(env.allowedHosts?.length
      ? ([['allowed_hosts', `${env.allowedHosts.join(', ')} (through the proxy in HTTP_PROXY/HTTPS_PROXY)`]] as [
          string,
          string,
        ][])
      : []),
    ['os', env.os],
    ['shell', env.shell],
    ['current_date', formatDate(env.date ?? new Date())],
  ];
  sections.push(
    [
      '<environment_context>',
      ...fields.map(([tag, value]) => `  <${tag}>${escapeXml(value)}</${tag}>`),
      '</environment_context>',
    ].join('\n'),
  );
  return sections.filter(Boolean).join('\n\n');
}

function formatDate(date: Date | string): string {
  if (typeof date === 'string') return date;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
