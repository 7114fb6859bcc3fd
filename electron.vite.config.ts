import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    // The Electron main process and the plain-Node CLI share one build. Dependencies stay in node_modules,
    // except the small pure-JS ones every CLI start loads: bundled (and tree-shaken), they cost one file
    // read instead of dozens of module resolutions (`trellis sandbox` must start as fast as `codex sandbox`).
    build: {
      outDir: 'out/main',
      externalizeDeps: { exclude: ['commander', 'zod', 'smol-toml'] },
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          cli: resolve('electron/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload cannot load ES modules or node_modules: one self-contained CommonJS file.
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      chunkSizeWarningLimit: 4096,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
