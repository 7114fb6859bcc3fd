/**
 * Escape suite, network: TCP and UDP to host loopback listeners, raw/packet/netlink/vsock sockets and name
 * resolution are refused; Unix sockets still work inside. Setup: escape-fixture.ts.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForItem } from '../../testing/wait-for-item';
import { has, refused, skipReason, suiteTitle, useEscapeSandbox } from './escape-fixture';

describe.skipIf(!!skipReason)(suiteTitle, () => {
  const sb = useEscapeSandbox();
  const { run } = sb;

  describe('the network is off', () => {
    let tcp: net.Server;
    let udp: dgram.Socket;
    let tcpPort: number;
    let udpPort: number;
    let tcpConnections = 0;
    const udpMessages: string[] = [];

    beforeAll(async () => {
      tcp = net.createServer((socket) => {
        tcpConnections++;
        socket.end('hello from the host\n');
      });
      await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
      tcpPort = (tcp.address() as net.AddressInfo).port;
      udp = dgram.createSocket('udp4');
      udp.on('message', (message) => udpMessages.push(message.toString()));
      await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
      udpPort = udp.address().port;
    });

    afterAll(() => {
      tcp?.close();
      udp?.close();
    });

    it('TCP to a listener on the host loopback: node, bash /dev/tcp, python, curl', async () => {
      refused(
        await run(
          `node -e "require('net').connect(${tcpPort}, '127.0.0.1').on('data', d => process.stdout.write(d)).on('error', e => { console.error(e.message); process.exit(1) })"`,
        ),
        /EPERM/,
      );
      refused(
        await run(`echo hi > /dev/tcp/127.0.0.1/${tcpPort}`),
        /Operation not permitted|Network is unreachable|Connection refused/,
      );
      refused(
        await run(
          `python3 -c "import socket; s = socket.create_connection(('127.0.0.1', ${tcpPort})); print(s.recv(100))"`,
        ),
        /Operation not permitted/,
      );
      refused(
        await run(`python3 -c "import socket; s = socket.socket(socket.AF_INET6); s.connect(('::1', ${tcpPort}))"`),
        /Operation not permitted/,
      );
      if (has('curl'))
        refused(
          await run(`curl -sS --max-time 5 http://127.0.0.1:${tcpPort}/`),
          /Operation not permitted|Couldn't connect|Failed to connect|Could not connect/,
        );
      expect(tcpConnections).toBe(0);
      const result = await run(
        `node -e "require('net').connect(${tcpPort}, '127.0.0.1').on('error', e => { console.error(e.message); process.exit(1) })"`,
      );
      expect(result.sandboxDenial).toBe('The sandbox (workspace-write) refused this: network access is off.');
    });

    it('UDP to a listener on the host loopback', async () => {
      refused(
        await run(
          `python3 -c "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', ${udpPort}))"`,
        ),
        /Operation not permitted/,
      );
      refused(
        await run(
          `node -e "require('dgram').createSocket('udp4').send('x', ${udpPort}, '127.0.0.1', e => { if (e) { console.error(e.message); process.exit(1) } process.exit(0) })"`,
        ),
        /EPERM/,
      );
      // A witness sent from the host after them arrives; nothing of theirs came before it.
      const witness = dgram.createSocket('udp4');
      await new Promise<void>((resolve, reject) =>
        witness.send('witness', udpPort, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
      witness.close();
      await waitForItem(udpMessages, (m) => m === 'witness');
      expect(udpMessages).toEqual(['witness']);
    });

    it('raw, packet, netlink and vsock sockets', async () => {
      const families = [
        'socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP',
        'socket.AF_PACKET, socket.SOCK_RAW, 0',
        'socket.AF_NETLINK, socket.SOCK_RAW, 0',
        'socket.AF_VSOCK, socket.SOCK_STREAM, 0',
      ];
      for (const args of families)
        refused(await run(`python3 -c "import socket; socket.socket(${args})"`), /Operation not permitted/);
    });

    it('name resolution fails, and Unix sockets still work inside', async () => {
      refused(
        await run(`python3 -c "import socket; socket.getaddrinfo('example.com', 443)"`),
        /Temporary failure in name resolution|Operation not permitted|Name or service not known/,
      );
      const unix = await run(
        `python3 -c "import socket; a, b = socket.socketpair(); a.send(b'ok'); print(b.recv(2).decode())"`,
      );
      expect(unix.output.trim()).toBe('ok');
    });
  });
});
