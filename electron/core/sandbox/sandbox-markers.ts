import type { SandboxMode, SandboxPolicy } from './sandbox-policy';

/** How a command is confined: `TRELLIS_SANDBOX_MECHANISM`. */
export type SandboxMechanism = 'bwrap' | 'seatbelt' | 'windows-token' | 'none';

/**
 * What a command is told about its sandbox, the same on every OS, set by the executor that runs it (so every
 * caller gets it and none can get it wrong):
 * - `TRELLIS_SANDBOX`: the mode, `read-only` | `workspace-write` | `danger-full-access` (also for a command
 *   approved to run outside the sandbox: it has full access);
 * - `TRELLIS_SANDBOX_MECHANISM`: `bwrap` | `seatbelt` | `windows-token` | `none`;
 * - `TRELLIS_SANDBOX_NETWORK_DISABLED=1` and Codex's `CODEX_SANDBOX_NETWORK_DISABLED=1` when the network is not
 *   fully on;
 * - `CODEX_SANDBOX=seatbelt` under Seatbelt, as Codex sets it, for tools written to detect Codex's sandbox.
 */
export function sandboxMarkers(
  mode: SandboxMode,
  mechanism: SandboxMechanism,
  networkOn: boolean,
): Record<string, string> {
  const out: Record<string, string> = { TRELLIS_SANDBOX: mode, TRELLIS_SANDBOX_MECHANISM: mechanism };
  if (!networkOn) {
    out.TRELLIS_SANDBOX_NETWORK_DISABLED = '1';
    out.CODEX_SANDBOX_NETWORK_DISABLED = '1';
  }
  if (mechanism === 'seatbelt') out.CODEX_SANDBOX = 'seatbelt';
  return out;
}

/** The markers for a policy enforced by one mechanism. */
export function policyMarkers(policy: SandboxPolicy, mechanism: SandboxMechanism): Record<string, string> {
  return sandboxMarkers(policy.mode, mechanism, policy.network.mode === 'on');
}

/** Every marker name: a caller's own value for one never reaches a command (the executor's word is the truth). */
export const SANDBOX_MARKER_NAMES = [
  'TRELLIS_SANDBOX',
  'TRELLIS_SANDBOX_MECHANISM',
  'TRELLIS_SANDBOX_NETWORK_DISABLED',
  'CODEX_SANDBOX_NETWORK_DISABLED',
  'CODEX_SANDBOX',
];

/** `env` without any marker it brought along, plus the executor's own. */
export function withMarkers(env: Record<string, string>, markers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (!SANDBOX_MARKER_NAMES.includes(name)) out[name] = value;
  return Object.assign(out, markers);
}
