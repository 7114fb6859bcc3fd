/** Windows: restricted token + ACLs. The executor is a stub (needs a native helper); the plan is data. Unverified; see ../PLATFORMS.md. */
export { capabilitySid } from './capability-sid';
export { psQuote } from './powershell-scripts';
export { windowsSandboxPlan } from './restricted-token-plan';
export { normalizeWindowsPath } from './windows-paths';
export { WindowsPlanError } from './windows-plan-error';
export {
  TRELLIS_WINDOWS_MODE,
  type AclEntry,
  type WindowsPlanOptions,
  type WindowsSandboxMode,
  type WindowsSandboxPlan,
} from './windows-plan-model';
export {
  WINDOWS_SANDBOX_NOT_IMPLEMENTED,
  WindowsSandboxNotImplementedError,
  WindowsTokenExecutor,
} from './windows-executor';
