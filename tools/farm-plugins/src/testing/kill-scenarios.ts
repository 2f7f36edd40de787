import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderPlugin } from './folder-plugin';
import { runNxOrThrow, type KillScenario } from './kill-trials';

/** A plugin folder with a FastAPI router and a React component, as `add` installs from a path. */
export function killablePlugin(): string {
  return folderPlugin(
    '@t/kill-me',
    {
      frontend: { components: { KillCard: { path: './components/KillCard.tsx' } } },
      backend: { routers: { kill_router: { path: './routers/kill.py', prefix: '/kill', tags: ['kill'] } } },
    },
    {
      'components/KillCard.tsx': 'export default function KillCard() {\n  return <p>still here</p>;\n}\n',
      'routers/kill.py':
        'from fastapi import APIRouter\n\nkill_router = APIRouter()\n\n\n@kill_router.get("/")\ndef read():\n    return {"ok": True}\n',
    },
  );
}

/** ai-chat made inactive in workspace.json by hand, as a user edits it; the generated code is left as it was. */
function deactivateByHand(root: string): void {
  const path = join(root, 'workspace.json');
  const workspace = JSON.parse(readFileSync(path, 'utf8'));
  workspace.plugins['@farm/ai-chat'].active = false;
  writeFileSync(path, `${JSON.stringify(workspace, null, 2)}\n`);
}

/**
 * The changes issue 13 kills, in a temp workspace with the apps (ai-chat and auth active):
 * add (a folder plugin with a router and a component, made by `killablePlugin()`), deactivate
 * and activate ai-chat, and integrate of each host after a hand edit of workspace.json.
 * Call removeFolderPlugins() afterwards.
 */
export function killScenarios(pluginFolder: string): KillScenario[] {
  const deactivate = ['g', '@farm/plugins:deactivate', 'ai-chat', '--no-interactive'];
  return [
    { name: 'add', command: ['g', '@farm/plugins:add', pluginFolder, '--no-interactive'] },
    { name: 'deactivate', command: deactivate },
    {
      name: 'activate',
      command: ['g', '@farm/plugins:activate', 'ai-chat', '--no-interactive'],
      setUp: async (root) => {
        await runNxOrThrow(root, deactivate);
      },
    },
    { name: 'integrate backend', command: ['run', 'backend:integrate', '--skip-nx-cache'], setUp: deactivateByHand },
    { name: 'integrate frontend', command: ['run', 'frontend:integrate', '--skip-nx-cache'], setUp: deactivateByHand },
  ];
}
