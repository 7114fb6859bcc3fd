/** Windows: restricted token + ACLs. The executor is a stub (needs a native helper); the plan is data. Unverified; see ../PLATFORMS.md. */
export {
  capabilitySid,
  normalizeWindowsPath,
  psQuote,
  TRELLIS_WINDOWS_MODE,
  windowsSandboxPlan,
  WindowsPlanError,
  type AclEntry,
  type WindowsPlanOptions,
  type WindowsSandboxMode,
  type WindowsSandboxPlan,
} from './restricted-token-plan';
export {
  WINDOWS_SANDBOX_NOT_IMPLEMENTED,
  WindowsSandboxNotImplementedError,
  WindowsTokenExecutor,
} from './windows-executor';
