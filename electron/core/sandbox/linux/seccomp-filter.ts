/**
 * A classic-BPF seccomp program, generated here and handed to bubblewrap
 * (`--seccomp FD`), which installs it with PR_SET_NO_NEW_PRIVS in the
 * sandboxed process (and its pid-1 init) just before exec — after bwrap has
 * set up the namespaces and mounts, so refusing mount, unshare and setns
 * cannot break bwrap itself.
 *
 * Default allow; listed calls fail with EPERM (clone3 with ENOSYS so libc
 * falls back to clone, whose flags the filter can read). Classic BPF cannot
 * follow pointers: it sees syscall numbers and raw argument words only, so
 * it cannot read the address a Unix socket is connected to. A Unix socket
 * listening anywhere on disk (docker's, X11's, ssh-agent's, a database's)
 * is reachable through any path the sandbox can see, read-only or not: so
 * with the network off, connect() is refused outright and only stream and
 * seqpacket Unix sockets can be made (a datagram socket reaches a host
 * socket by sendto() without connecting); socketpair() still works. With
 * allow-hosts, connect() is needed (TCP to the proxy bridge on the
 * namespace's own loopback), so Unix sockets cannot be made at all: the
 * bridge gets its connections to the proxy as descriptors passed in over
 * its IPC channel (proxy-bridge.ts). No other socket can exist (io_uring,
 * which could make one, is refused too).
 *
 * A system call made through another ABI (i386 `int 0x80` on x86_64, arm32
 * on aarch64, x32) has different numbers and would slip past every rule, so
 * it kills the process (SIGSYS, exit 159) instead of being allowed.
 */

export type SeccompArch = 'x86_64' | 'aarch64';

export interface SeccompOptions {
  arch: SeccompArch;
  /** Refuse sockets of every family but AF_UNIX (network off, or only through the proxy). */
  blockNetwork: boolean;
  /**
   * With blockNetwork, allow AF_INET and AF_INET6 sockets and connect() instead of Unix sockets: for
   * allow-hosts, where the command's network namespace holds only its own loopback, on which the
   * proxy bridge listens. Raw sockets stay out of reach (they need CAP_NET_RAW, which the sandbox has
   * dropped); Unix sockets come only from socketpair().
   */
  loopbackInet?: boolean;
}

/** `struct seccomp_data` offsets. */
const NR = 0;
const ARCH = 4;
const argLow = (i: number) => 16 + 8 * i; // little-endian: the low 32 bits come first

const AUDIT_ARCH: Record<SeccompArch, number> = { x86_64: 0xc000003e, aarch64: 0xc00000b7 };
const X32_SYSCALL_BIT = 0x40000000;

export const SECCOMP_RET_KILL_PROCESS = 0x80000000;
export const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ERRNO = 0x00050000;
export const EPERM = 1;
export const ENOSYS = 38;
export const retErrno = (errno: number) => (SECCOMP_RET_ERRNO | errno) >>> 0;

// BPF opcodes: class | size | mode / op | source.
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
/** The low four bits of socket()'s type (above them: SOCK_NONBLOCK, SOCK_CLOEXEC). STREAM is 1, SEQPACKET 5. */
const SOCK_TYPE_NOT_CONNECTED_ONLY = 0b1010; // any of these bits: DGRAM (2), RAW (3), PACKET (10)…
const SOCK_TYPE_STREAM_BIT = 0b0001;
/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET: no nested namespaces (bwrap made ours). */
const CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;
const TIOCSTI = 0x5412;
const TIOCLINUX = 0x541c;
/** personality() values Docker's default profile allows: PER_LINUX, PER_LINUX32, UNAME26 (alone and with PER_LINUX32) and the query. */
const PERSONALITIES = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

type SyscallName = keyof typeof SYSCALLS;

/** Numbers from the kernel's tables (asm/unistd_64.h; asm-generic/unistd.h for aarch64); null where the call does not exist. */
const SYSCALLS = {
  ioctl: [16, 29],
  socket: [41, 198],
  connect: [42, 203],
  socketpair: [53, 199],
  clone: [56, 220],
  clone3: [435, 435],
  ptrace: [101, 117],
  syslog: [103, 116],
  uselib: [134, null],
  personality: [135, 92],
  ustat: [136, null],
  sysfs: [139, null],
  vhangup: [153, 58],
  pivot_root: [155, 41],
  chroot: [161, 51],
  acct: [163, 89],
  mount: [165, 40],
  umount2: [166, 39],
  swapon: [167, 224],
  swapoff: [168, 225],
  reboot: [169, 142],
  iopl: [172, null],
  ioperm: [173, null],
  init_module: [175, 105],
  delete_module: [176, 106],
  quotactl: [179, 60],
  nfsservctl: [180, 42],
  lookup_dcookie: [212, 18],
  kexec_load: [246, 104],
  add_key: [248, 217],
  request_key: [249, 218],
  keyctl: [250, 219],
  unshare: [272, 97],
  perf_event_open: [298, 241],
  open_by_handle_at: [304, 265],
  setns: [308, 268],
  process_vm_readv: [310, 270],
  process_vm_writev: [311, 271],
  kcmp: [312, 272],
  finit_module: [313, 273],
  kexec_file_load: [320, 294],
  bpf: [321, 280],
  userfaultfd: [323, 282],
  io_uring_setup: [425, 425],
  io_uring_enter: [426, 426],
  io_uring_register: [427, 427],
  open_tree: [428, 428],
  move_mount: [429, 429],
  fsopen: [430, 430],
  fsconfig: [431, 431],
  fsmount: [432, 432],
  fspick: [433, 433],
  pidfd_getfd: [438, 438],
  mount_setattr: [442, 442],
  quotactl_fd: [443, 443],
  open_tree_attr: [467, 467],
} as const satisfies Record<string, readonly [number | null, number | null]>;

/**
 * Refused in every sandboxed mode, with why: other processes' memory (ptrace,
 * process_vm_*, pidfd_getfd, kcmp); kernel attack surface a command never
 * needs (io_uring, bpf, perf_event_open, userfaultfd, keyrings); changing
 * the mount or namespace layout bwrap built (mount API, unshare, setns,
 * chroot); and administration (modules, kexec, reboot, swap, quotas, acct).
 */
export const ALWAYS_DENIED: readonly SyscallName[] = [
  'ptrace',
  'process_vm_readv',
  'process_vm_writev',
  'pidfd_getfd',
  'kcmp',
  'io_uring_setup',
  'io_uring_enter',
  'io_uring_register',
  'bpf',
  'perf_event_open',
  'userfaultfd',
  'add_key',
  'request_key',
  'keyctl',
  'mount',
  'umount2',
  'pivot_root',
  'chroot',
  'unshare',
  'setns',
  'open_tree',
  'open_tree_attr',
  'move_mount',
  'fsopen',
  'fsconfig',
  'fsmount',
  'fspick',
  'mount_setattr',
  'init_module',
  'finit_module',
  'delete_module',
  'kexec_load',
  'kexec_file_load',
  'reboot',
  'swapon',
  'swapoff',
  'quotactl',
  'quotactl_fd',
  'acct',
  'syslog',
  'vhangup',
  'lookup_dcookie',
  'nfsservctl',
  'open_by_handle_at',
  'iopl',
  'ioperm',
  'uselib',
  'ustat',
  'sysfs',
];

/** One `struct sock_filter`. */
interface Insn {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

const insn = (code: number, k: number, jt = 0, jf = 0): Insn => ({ code, jt, jf, k: k >>> 0 });
const ret = (action: number) => insn(RET_K, action);

export function syscallNumber(name: SyscallName, arch: SeccompArch): number | null {
  return SYSCALLS[name][arch === 'x86_64' ? 0 : 1];
}

/** The seccomp architecture for Node's `process.arch`, or null where the filter has no syscall table. */
export function seccompArchFor(nodeArch: string = process.arch): SeccompArch | null {
  if (nodeArch === 'x64') return 'x86_64';
  if (nodeArch === 'arm64') return 'aarch64';
  return null;
}

/** The program as `struct sock_filter[]` bytes (8 each, little-endian), ready for `bwrap --seccomp FD`. */
export function buildSeccompFilter(options: SeccompOptions): Buffer {
  const program = seccompProgram(options);
  const out = Buffer.alloc(program.length * 8);
  program.forEach((ins, i) => {
    out.writeUInt16LE(ins.code, i * 8);
    out.writeUInt8(ins.jt, i * 8 + 2);
    out.writeUInt8(ins.jf, i * 8 + 3);
    out.writeUInt32LE(ins.k, i * 8 + 4);
  });
  return out;
}

export function seccompProgram({ arch, blockNetwork, loopbackInet }: SeccompOptions): Insn[] {
  const nr = (name: SyscallName) => syscallNumber(name, arch);
  const p: Insn[] = [
    insn(LD_W_ABS, ARCH),
    insn(JEQ_K, AUDIT_ARCH[arch], 1, 0),
    ret(SECCOMP_RET_KILL_PROCESS),
    insn(LD_W_ABS, NR),
  ];
  if (arch === 'x86_64') p.push(insn(JGE_K, X32_SYSCALL_BIT, 0, 1), ret(SECCOMP_RET_KILL_PROCESS));

  // `if (nr == n) { block }`; every block ends in a return, so the accumulator still holds nr after a miss.
  const when = (name: SyscallName, block: Insn[]) => {
    const n = nr(name);
    if (n === null) return;
    p.push(insn(JEQ_K, n, 0, block.length), ...block);
  };
  const deny = (name: SyscallName, errno = EPERM) => when(name, [ret(retErrno(errno))]);
  /** Load the low 32 bits of argument `i`, then allow when it equals one of `values`, else fail with EPERM. */
  const allowArgIn = (i: number, values: number[]) => [
    insn(LD_W_ABS, argLow(i)),
    ...values.map((v, j) => insn(JEQ_K, v, values.length - j, 0)),
    ret(retErrno(EPERM)),
    ret(SECCOMP_RET_ALLOW),
  ];

  for (const name of ALWAYS_DENIED) deny(name);
  deny('clone3', ENOSYS);
  // clone() takes its flags first on both architectures, and only their low 32 bits count.
  when('clone', [
    insn(LD_W_ABS, argLow(0)),
    insn(JSET_K, CLONE_NAMESPACE_FLAGS, 0, 1),
    ret(retErrno(EPERM)),
    ret(SECCOMP_RET_ALLOW),
  ]);
  // The kernel reads ioctl's request as an unsigned int: compare the low word only, so high bits cannot hide it.
  when('ioctl', [
    insn(LD_W_ABS, argLow(1)),
    insn(JEQ_K, TIOCSTI, 2, 0),
    insn(JEQ_K, TIOCLINUX, 1, 0),
    ret(SECCOMP_RET_ALLOW),
    ret(retErrno(EPERM)),
  ]);
  when('personality', allowArgIn(0, PERSONALITIES));
  /** Allow when argument 0 is AF_UNIX and argument 1's type is STREAM or SEQPACKET (the only types whose sends ignore an address); else EPERM. */
  const unixStreamOnly = [
    insn(LD_W_ABS, argLow(0)),
    insn(JEQ_K, AF_UNIX, 1, 0),
    ret(retErrno(EPERM)),
    insn(LD_W_ABS, argLow(1)),
    insn(JSET_K, SOCK_TYPE_NOT_CONNECTED_ONLY, 0, 1),
    ret(retErrno(EPERM)),
    insn(JSET_K, SOCK_TYPE_STREAM_BIT, 1, 0),
    ret(retErrno(EPERM)),
    ret(SECCOMP_RET_ALLOW),
  ];
  if (blockNetwork) {
    when('socket', loopbackInet ? allowArgIn(0, [AF_INET, AF_INET6]) : unixStreamOnly);
    when('socketpair', unixStreamOnly);
    if (!loopbackInet) deny('connect');
  }
  p.push(ret(SECCOMP_RET_ALLOW));
  return p;
}

export { AUDIT_ARCH, AF_UNIX, AF_INET, AF_INET6, TIOCSTI, CLONE_NAMESPACE_FLAGS };
