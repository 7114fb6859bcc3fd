import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenForRedirect } from './loopback-redirect';

describe('the loopback redirect listener', () => {
  it('answers the browser a page saying it may close, and hands over the code', async () => {
    const listener = await listenForRedirect({ state: 's1', timeoutMs: 60_000 });
    expect(listener.redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const res = await fetch(`${listener.redirectUrl}?code=abc&state=s1`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You may close this tab');
    await expect(listener.code).resolves.toBe('abc');
    await listener.close();
  });

  it("reports the authorization server's refusal in one line, without echoing it into the page", async () => {
    const listener = await listenForRedirect({ state: 's2', timeoutMs: 60_000 });
    const res = await fetch(
      `${listener.redirectUrl}?error=access_denied&error_description=%3Cscript%3Eno%3C%2Fscript%3E&state=s2`,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('<script>');
    await expect(listener.code).rejects.toMatchObject({
      code: 'mcp-oauth-refused',
      message: 'The authorization server did not authorize Trellis (access_denied: <script>no</script>).',
    });
    await listener.close();
  });

  it('is closed after the login, so the port is free again', async () => {
    const listener = await listenForRedirect({ state: 's3', timeoutMs: 60_000 });
    const port = Number(new URL(listener.redirectUrl).port);
    await listener.close();
    await expect(listener.code).rejects.toMatchObject({ code: 'mcp-oauth-cancelled' });
    const again = await listenForRedirect({ state: 's4', port, timeoutMs: 60_000 });
    expect(again.redirectUrl).toBe(listener.redirectUrl);
    await again.close();
  });

  it('names the configured port when it is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(listenForRedirect({ state: 's5', port, timeoutMs: 60_000 })).rejects.toThrow(
        `Port ${port} (mcp_oauth_callback_port) is in use`,
      );
    } finally {
      blocker.close();
    }
  });
});
