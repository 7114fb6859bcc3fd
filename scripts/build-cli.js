// `npm run build` (after electron-vite): the `trellis` CLI as self-contained ES module bundles.
//
//   out/cli/trellis.js            the entry: argument parsing and dispatch, nothing else
//   out/cli/commands/<name>.js    one per electron/cli/*-command.ts, its dependencies inlined
//   out/cli/commands/<name>/      what that command loads only on demand: each model SDK with its adapter
//                                 (a session parses the one its wire API needs), Ajv for --output-schema,
//                                 the MCP client (a session with MCP servers)
//
// Start-up pays no module resolution in node_modules (the openai SDK alone is ~150 files) and parses
// nothing the command does not need: `trellis sandbox` loads two files, `trellis exec` four. One file
// for everything was measured and is slower: V8 must parse all ~4 MB of it before anything runs.
// Vite's bundler (Rolldown) rather than esbuild: it tree-shakes zod's namespace, esbuild keeps all 600 KB.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const cliDir = path.join(root, 'electron/cli');
const outDir = path.join(root, 'out/cli');
const entry = path.join(cliDir, 'index.ts');

const commands = fs
  .readdirSync(cliDir)
  .filter((file) => file.endsWith('-command.ts'))
  .map((file) => file.slice(0, -'.ts'.length));

/**
 * The entry's `import('./x-command')` (which tsx and the tests resolve to the source) becomes a
 * run-time import of the command's own bundle. Any other dynamic import from the entry is a mistake:
 * it would be inlined into every start.
 */
const commandsAsSiblingBundles = {
  name: 'commands-as-sibling-bundles',
  enforce: 'pre',
  resolveId(source, importer, options) {
    if (importer !== entry || !source.startsWith('./') || options.kind !== 'dynamic-import') return null;
    const name = source.slice(2).replace(/\.(ts|js)$/, '');
    if (!commands.includes(name))
      this.error(`${source}: the CLI entry may load lazily only its *-command modules (${commands.join(', ')})`);
    return { id: `./commands/${name}.js`, external: true };
  },
};

/** Our code stays in the command's own file; the model SDKs (1.2 MB for Anthropic's) each get a file of their own. */
const MODEL_ADAPTER = /models[\\/](anthropic-messages|openai-(responses|chat|client))\.ts$/;
/** The MCP client (the SDK and our modules that run it), loaded by sessions that have servers to start. */
const MCP_CLIENT =
  /mcp[\\/](mcp-manager|mcp-connection|call-failures|http-transport|(unconfined|sandboxed)-stdio-transport|oauth[\\/][\w-]+)\.ts$|node_modules[\\/]@modelcontextprotocol[\\/]/;
const chunkGroups = [
  {
    name: 'main',
    test: (id) => !id.includes('node_modules') && !MODEL_ADAPTER.test(id) && !MCP_CLIENT.test(id),
    priority: 40,
  },
  { name: 'mcp-client', test: MCP_CLIENT, priority: 35 },
  { name: 'model-anthropic', test: /anthropic-messages\.ts$|node_modules[\\/]@anthropic-ai[\\/]/, priority: 30 },
  { name: 'model-openai', test: /openai-(responses|chat|client)\.ts$|node_modules[\\/]openai[\\/]/, priority: 20 },
];

/** An ES module with every dependency inlined except Node's own and the native file watcher. */
function bundle(input, file, { plugins = [], split = true } = {}) {
  return build({
    configFile: false,
    logLevel: 'warn',
    plugins,
    // The native watcher loads its prebuilt binary from node_modules at run time.
    ssr: { noExternal: true, external: ['@parcel/watcher'], target: 'node' },
    build: {
      ssr: true,
      target: 'node20.19',
      outDir: path.dirname(file),
      emptyOutDir: false,
      // Fewer bytes for V8 to parse at every start; names are kept, so stack traces stay readable with the map.
      minify: false,
      sourcemap: true,
      rolldownOptions: {
        input,
        output: {
          format: 'esm',
          entryFileNames: path.basename(file),
          chunkFileNames: `${path.basename(file, '.js')}/[name]-[hash].js`,
          codeSplitting: split ? { groups: chunkGroups } : false,
          // Two classes of one name in a bundle get renamed (openai's and Anthropic's APIError); their .name stays,
          // which error names rely on (ExpectedFailure names itself by new.target.name).
          keepNames: true,
          minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
        },
      },
    },
  });
}

fs.rmSync(outDir, { recursive: true, force: true });
await Promise.all([
  bundle(entry, path.join(outDir, 'trellis.js'), { plugins: [commandsAsSiblingBundles], split: false }),
  ...commands.map((name) => bundle(path.join(cliDir, `${name}.ts`), path.join(outDir, 'commands', `${name}.js`))),
]);
