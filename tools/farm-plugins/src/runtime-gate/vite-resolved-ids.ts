import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { holdUntilInterrupt } from '../workspace-io/interrupt';

const script = join(__dirname, 'vite-resolve-ids.mjs');

/** What Vite's resolver made of one specifier: the file, none (`id: null`), or its error message. */
export type ViteResolution = { id: string | null } | { error: string };

/**
 * Asks the workspace's own Vite (its `builtin:vite-resolve` resolver, with the build's
 * `production` export condition) what each `{ id, importer }` (absolute importer path; it need
 * not exist yet) resolves to — the rule the app's `vite build` applies to a package's subpath:
 * its `exports` (conditions module, browser, production, import), else the file in node_modules.
 * Runs vite-resolve-ids.mjs in a Node process of its own (Vite is ES modules; ~0.3 s), only
 * when there is something to ask. `appRoot` is the app's Vite root (absolute). Resolves to one
 * result per request, in order; rejects when the process fails (no Vite installed).
 */
export function viteResolvedIds(
  appRoot: string,
  requests: readonly { id: string; importer: string }[],
): Promise<ViteResolution[]> {
  if (!requests.length) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const held = holdUntilInterrupt({ child });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error) => {
      clearTimeout(guard);
      held.release();
      reject(error);
    });
    child.once('close', (status) => {
      clearTimeout(guard);
      held.release();
      try {
        if (status !== 0) throw new Error(stderr.trim().split('\n').slice(-3).join('\n'));
        resolve(JSON.parse(stdout) as ViteResolution[]);
      } catch (error) {
        reject(new Error(`Vite's resolver (${script}) failed: ${(error as Error).message}`));
      }
    });
    child.stdin.end(JSON.stringify({ root: appRoot, requests }));
  });
}
