/** Proxy variables set for allow-hosts (the common spellings; NO_PROXY is removed so nothing bypasses the proxy). */
export const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'];

/** `env` with every proxy variable aimed at `url` and no NO_PROXY. */
export function withProxyVariables(env: Record<string, string>, url: string): Record<string, string> {
  const out = { ...env };
  for (const name of PROXY_VARIABLES) out[name] = url;
  delete out.NO_PROXY;
  delete out.no_proxy;
  return out;
}
