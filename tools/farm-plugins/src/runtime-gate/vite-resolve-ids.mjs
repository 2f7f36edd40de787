// Resolves import specifiers with the workspace's own Vite (its resolver, `builtin:vite-resolve`),
// as the app's build would (NODE_ENV=production: the `production` export condition). Run by
// vite-resolved-ids.ts in a process of its own: Vite is ES modules, which Jest's registry cannot load.
// stdin: {"root": the app's Vite root, "requests": [{"id", "importer"}]} (absolute paths);
// stdout: [{"id": resolved file} | {"id": null} | {"error": the resolver's message}], in order.
import { createRequire } from 'node:module';
import { join } from 'node:path';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { root, requests } = JSON.parse(input);
const vite = createRequire(join(root, 'package.json'))('vite');
const server = await vite.createServer({
  configFile: false,
  root,
  logLevel: 'silent',
  appType: 'custom',
  server: { middlewareMode: true, ws: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
});
const container = server.environments.client.pluginContainer;
const results = [];
for (const { id, importer } of requests) {
  try {
    const resolved = await container.resolveId(id, importer);
    results.push({ id: resolved ? resolved.id : null });
  } catch (error) {
    results.push({ error: String(error?.message ?? error).split('\n')[0] });
  }
}
await server.close();
process.stdout.write(JSON.stringify(results));
