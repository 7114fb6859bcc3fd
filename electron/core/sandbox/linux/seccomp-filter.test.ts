import { describe, expect, it } from 'vitest';
import {
  ALWAYS_DENIED,
  AUDIT_ARCH,
  buildSeccompFilter,
  ENOSYS,
  EPERM,
  retErrno,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_KILL_PROCESS,
  seccompArchFor,
  syscallNumber,
  type SeccompArch,
} from './seccomp-filter';

/** A classic-BPF interpreter for the opcodes the generator emits, reading the program from its bytes. */
function evaluate(program: Buffer, data: { nr: number; arch: number; args?: bigint[] }): number {
  const mem = Buffer.alloc(64);
  mem.writeInt32LE(data.nr, 0);
  mem.writeUInt32LE(data.arch, 4);
  (data.args ?? []).forEach((a, i) => mem.writeBigUInt64LE(BigInt.asUintN(64, a), 16 + 8 * i));
  let acc = 0;
  for (let pc = 0; pc < program.length / 8; pc++) {
    const code = program.readUInt16LE(pc * 8);
    const jt = program.readUInt8(pc * 8 + 2);
    const jf = program.readUInt8(pc * 8 + 3);
    const k = program.readUInt32LE(pc * 8 + 4);
    switch (code) {
      case 0x20:
        acc = mem.readUInt32LE(k);
        break;
      case 0x15:
        pc += acc === k ? jt : jf;
        break;
      case 0x35:
        pc += acc >= k ? jt : jf;
        break;
      case 0x45:
        pc += (acc & k) >>> 0 ? jt : jf;
        break;
      case 0x06:
        return k;
      default:
        throw new Error(`unexpected opcode ${code.toString(16)} at ${pc}`);
    }
  }
  throw new Error('fell off the end of the program');
}

const EPERM_RET = retErrno(EPERM);

describe.each<SeccompArch>(['x86_64', 'aarch64'])('seccomp filter for %s', (arch) => {
  const call = (name: Parameters<typeof syscallNumber>[0], args: bigint[] = [], blockNetwork = true) =>
    evaluate(buildSeccompFilter({ arch, blockNetwork }), {
      nr: syscallNumber(name, arch)!,
      arch: AUDIT_ARCH[arch],
      args,
    });

  it('is a whole number of 8-byte instructions that ends by allowing', () => {
    const program = buildSeccompFilter({ arch, blockNetwork: true });
    expect(program.length % 8).toBe(0);
    expect(program.length / 8).toBeLessThan(4096);
    expect(program.readUInt16LE(program.length - 8)).toBe(0x06);
    expect(program.readUInt32LE(program.length - 4)).toBe(SECCOMP_RET_ALLOW);
  });

  it('refuses ptrace, io_uring, bpf, mount, unshare, setns and the rest with EPERM', () => {
    for (const name of ALWAYS_DENIED) {
      if (syscallNumber(name, arch) === null) continue;
      expect([name, call(name)]).toEqual([name, EPERM_RET]);
    }
  });

  it('answers clone3 with ENOSYS so libc falls back to clone', () => {
    expect(call('clone3')).toBe(retErrno(ENOSYS));
  });

  it('allows clone for threads and processes, not for new namespaces', () => {
    const CLONE_THREAD_FLAGS = 0x3d0f00n;
    expect(call('clone', [CLONE_THREAD_FLAGS])).toBe(SECCOMP_RET_ALLOW);
    expect(call('clone', [17n])).toBe(SECCOMP_RET_ALLOW); // fork: SIGCHLD
    expect(call('clone', [0x10000000n | 17n])).toBe(EPERM_RET); // CLONE_NEWUSER
    expect(call('clone', [0x40000000n])).toBe(EPERM_RET); // CLONE_NEWNET
    expect(call('clone', [0x00020000n])).toBe(EPERM_RET); // CLONE_NEWNS
  });

  it('refuses TIOCSTI and TIOCLINUX even with high bits set, and allows other ioctls', () => {
    expect(call('ioctl', [0n, 0x5412n])).toBe(EPERM_RET);
    expect(call('ioctl', [0n, 0x1_0000_5412n])).toBe(EPERM_RET);
    expect(call('ioctl', [0n, 0x541cn])).toBe(EPERM_RET);
    expect(call('ioctl', [0n, 0x5401n])).toBe(SECCOMP_RET_ALLOW); // TCGETS
  });

  it('allows querying personality, not READ_IMPLIES_EXEC', () => {
    expect(call('personality', [0xffffffffn])).toBe(SECCOMP_RET_ALLOW);
    expect(call('personality', [0n])).toBe(SECCOMP_RET_ALLOW);
    expect(call('personality', [0x0400000n])).toBe(EPERM_RET);
  });

  it('for allow-hosts allows IPv4 and IPv6 sockets and connect (the namespace holds only loopback), but no Unix socket but a pair', () => {
    const program = buildSeccompFilter({ arch, blockNetwork: true, loopbackInet: true });
    const sys = (name: Parameters<typeof syscallNumber>[0], args: bigint[]) =>
      evaluate(program, { nr: syscallNumber(name, arch)!, arch: AUDIT_ARCH[arch], args });
    expect([sys('socket', [2n, 1n]), sys('socket', [10n, 1n]), sys('socket', [2n, 2n])]).toEqual([
      SECCOMP_RET_ALLOW,
      SECCOMP_RET_ALLOW,
      SECCOMP_RET_ALLOW,
    ]);
    expect(sys('socket', [1n, 1n])).toBe(EPERM_RET); // AF_UNIX: it could connect() to any host socket on disk
    expect([sys('socket', [16n, 3n]), sys('socket', [17n, 3n]), sys('socket', [40n, 1n])]).toEqual([
      EPERM_RET,
      EPERM_RET,
      EPERM_RET,
    ]); // netlink, packet, vsock
    expect(sys('socketpair', [1n, 1n])).toBe(SECCOMP_RET_ALLOW);
    expect(sys('socketpair', [1n, 2n])).toBe(EPERM_RET); // a datagram pair could sendto() a host socket
    expect(sys('socketpair', [2n, 1n])).toBe(EPERM_RET);
    expect(sys('connect', [3n, 0n, 16n])).toBe(SECCOMP_RET_ALLOW);
  });

  it('with the network off refuses connect() and Unix datagram sockets: no host socket is reachable by any path', () => {
    expect(call('connect', [3n, 0n, 110n])).toBe(EPERM_RET);
    expect(call('socket', [1n, 2n])).toBe(EPERM_RET); // SOCK_DGRAM: sendto() needs no connect
    expect(call('socket', [1n, 2n | 0x80800n])).toBe(EPERM_RET); // with NONBLOCK | CLOEXEC
    expect(call('socket', [1n, 1n | 0x80800n])).toBe(SECCOMP_RET_ALLOW); // SOCK_STREAM, flagged
    expect(call('socket', [1n, 5n])).toBe(SECCOMP_RET_ALLOW); // SOCK_SEQPACKET
    expect(call('socket', [1n, 3n])).toBe(EPERM_RET); // SOCK_RAW
    expect(call('socketpair', [1n, 2n])).toBe(EPERM_RET);
    expect(call('socketpair', [1n, 5n])).toBe(SECCOMP_RET_ALLOW);
    expect(call('connect', [3n, 0n, 110n], false)).toBe(SECCOMP_RET_ALLOW); // network on
  });

  it('with the network off allows only AF_UNIX sockets', () => {
    expect(call('socket', [1n, 1n])).toBe(SECCOMP_RET_ALLOW); // AF_UNIX
    expect(call('socketpair', [1n, 1n])).toBe(SECCOMP_RET_ALLOW);
    expect(call('socket', [2n, 1n])).toBe(EPERM_RET); // AF_INET
    expect(call('socket', [10n, 2n])).toBe(EPERM_RET); // AF_INET6
    expect(call('socket', [16n, 3n])).toBe(EPERM_RET); // AF_NETLINK
    expect(call('socket', [17n, 3n])).toBe(EPERM_RET); // AF_PACKET
    expect(call('socket', [40n, 1n])).toBe(EPERM_RET); // AF_VSOCK
    expect(call('socketpair', [2n, 1n])).toBe(EPERM_RET);
    expect(call('socket', [0x1_0000_0001n, 1n])).toBe(SECCOMP_RET_ALLOW); // the kernel reads an int: this is AF_UNIX
  });

  it('with the network on allows every socket family, and still refuses ptrace', () => {
    expect(call('socket', [2n, 1n], false)).toBe(SECCOMP_RET_ALLOW);
    expect(call('socket', [10n, 2n], false)).toBe(SECCOMP_RET_ALLOW);
    expect(call('ptrace', [], false)).toBe(EPERM_RET);
  });

  it('allows ordinary calls', () => {
    const program = buildSeccompFilter({ arch, blockNetwork: true });
    // read, write, openat, close, execve, exit, exit_group
    const ordinary = arch === 'x86_64' ? [0, 1, 257, 3, 59, 60, 231] : [63, 64, 56, 57, 221, 93, 94];
    for (const nr of ordinary) expect(evaluate(program, { nr, arch: AUDIT_ARCH[arch] })).toBe(SECCOMP_RET_ALLOW);
  });

  it('kills a system call made through another ABI (i386, arm32)', () => {
    const program = buildSeccompFilter({ arch, blockNetwork: true });
    expect(evaluate(program, { nr: 26, arch: 0x40000003 })).toBe(SECCOMP_RET_KILL_PROCESS); // i386 ptrace
    expect(evaluate(program, { nr: 26, arch: 0x40000028 })).toBe(SECCOMP_RET_KILL_PROCESS); // arm
  });
});

describe('seccomp filter, x86_64 specifics', () => {
  it('kills x32 system calls, whose numbers carry bit 30', () => {
    const program = buildSeccompFilter({ arch: 'x86_64', blockNetwork: false });
    expect(evaluate(program, { nr: 0x40000000 + 521, arch: AUDIT_ARCH.x86_64 })).toBe(SECCOMP_RET_KILL_PROCESS);
    expect(evaluate(program, { nr: 0x40000000 + 41, arch: AUDIT_ARCH.x86_64 })).toBe(SECCOMP_RET_KILL_PROCESS);
  });

  it('maps Node architectures', () => {
    expect(seccompArchFor('x64')).toBe('x86_64');
    expect(seccompArchFor('arm64')).toBe('aarch64');
    expect(seccompArchFor('ia32')).toBeNull();
  });
});
