import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, runnerImport, type PluginOption, type ProxyOptions } from 'vite';
import { pluginVitePlugins } from './src/plugins/vite-plugins.ts'; // explicit extension: Node-native config loading needs it

const appRoot = fileURLToPath(new URL('.', import.meta.url));
const workspaceRoot = resolve(appRoot, '../..');
const generatedDir = resolve(appRoot, 'src/plugins');

// The app calls the FastAPI backend under /api; strip the prefix so the backend stays unaware.
const apiProxy: Record<string, ProxyOptions> = {
  '/api': {
    target: process.env.FARM_BACKEND_URL ?? 'http://127.0.0.1:8000',
    changeOrigin: true,
    rewrite: (path) => path.replace(/^\/api/, ''),
  },
};

// Each generated entry names a file of a FARM plugin, relative to the generated file's folder,
// whose default export is a Vite plugin factory: integrate accepts only files inside the plugin
// (validate analyzes them), never a package (docs/security.md#vite-plugin-modules).
// TypeScript modules go through Vite's module runner because Node cannot import .ts itself.
async function loadPluginVitePlugins(): Promise<PluginOption[]> {
  return Promise.all(
    pluginVitePlugins.map(async ({ plugin, module, options }) => {
      if (!module.startsWith('./') && !module.startsWith('../')) {
        throw new Error(
          `${plugin}: Vite plugin module "${module}" is not a path to a plugin file; run nx run frontend:integrate`,
        );
      }
      const file = resolve(generatedDir, module);
      const mod = (
        /\.[cm]?tsx?$/.test(file)
          ? (await runnerImport<{ default?: unknown }>(file)).module
          : await import(pathToFileURL(file).href)
      ) as { default?: unknown };
      if (typeof mod.default !== 'function') {
        throw new Error(`${plugin}: Vite plugin module "${module}" has no default-exported factory`);
      }
      return (mod.default as (options: unknown) => PluginOption)(options);
    }),
  );
}

export default defineConfig(async () => ({
  root: appRoot,
  cacheDir: resolve(workspaceRoot, 'node_modules/.vite/frontend'), // not apps/frontend/node_modules
  plugins: [react(), ...(await loadPluginVitePlugins())],
  server: {
    // Plugin source lives in ../../libs/plugins, outside the app root.
    fs: { allow: [workspaceRoot] },
    proxy: apiProxy,
    // Editors that overwrite in place can be read half-written; wait for the write to settle.
    watch: { awaitWriteFinish: { stabilityThreshold: 25, pollInterval: 10 } },
  },
  preview: { proxy: apiProxy },
  build: {
    outDir: resolve(workspaceRoot, 'dist/apps/frontend'),
    emptyOutDir: true, // outside the app root, so Vite would not clear it by default
  },
}));
