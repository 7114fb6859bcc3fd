/** macOS: Seatbelt under /usr/bin/sandbox-exec. Unverified on real hardware; see ../PLATFORMS.md. */
export {
  PROXY_VARIABLES,
  proxyEnvironmentUrl,
  realSeatbeltPolicy,
  SeatbeltExecutor,
  seatbeltCommand,
  seatbeltEnvironment,
  type SeatbeltDetection,
  type SeatbeltExecutorOptions,
} from './seatbelt-executor';
export {
  BASE_MACH_SERVICES,
  DNS_MACH_SERVICES,
  NEVER_GRANTED_MACH_SERVICES,
  SANDBOX_EXEC,
  SeatbeltPolicyError,
  seatbeltProfile,
  SLASH_TMP,
  TLS_MACH_SERVICES,
  type SeatbeltProfile,
  type SeatbeltProfileOptions,
} from './seatbelt-profile';
