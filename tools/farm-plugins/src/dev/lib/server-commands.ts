import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { pluginsDir } from '../../core/manifest';
import { pythonExecutable } from '../../workspace-io';

export interface ServerCommand {
  name: 'backend' | 'frontend';
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  url: string;
  /** Answers 200 once the server is up. */
  readyUrl: string;
}

export interface ServerSettings {
  workspaceRoot: string;
  /** Host project root, workspace-relative (apps/backend, apps/frontend). */
  projectRoot: string;
  host: string;
  port: number;
}

/**
 * uvicorn with --reload over the app and the plugin sources. Reloads come from uvicorn's stat
 * poller (no watchfiles/watchgod here); polling every 0.1 s instead of 0.25 s takes ~150 ms off
 * the edit-to-live time for a few dozen files' stat calls.
 */
export function backendCommand(settings: ServerSettings & { python?: string; reloadDelay?: number }): ServerCommand {
  const appDir = posix.join(settings.projectRoot, 'src');
  const url = `http://${settings.host}:${settings.port}`;
  return {
    name: 'backend',
    command: settings.python ?? pythonExecutable,
    args: [
      '-m',
      'uvicorn',
      'main:app',
      '--app-dir',
      appDir,
      '--host',
      settings.host,
      '--port',
      String(settings.port),
      '--reload',
      '--reload-dir',
      appDir,
      '--reload-dir',
      pluginsDir,
      '--reload-delay',
      String(settings.reloadDelay ?? 0.1),
    ],
    env: {
      FARM_DATABASE: process.env.FARM_DATABASE ?? 'mongomock', // no MongoDB needed for development
      FARM_WORKSPACE_ROOT: settings.workspaceRoot,
      PYTHONUNBUFFERED: '1', // log lines as they happen, not when a buffer fills
      PYTHONDONTWRITEBYTECODE: '1', // no __pycache__ folders appearing in libs/plugins
    },
    url,
    readyUrl: `${url}/health`,
  };
}

/** Vite's dev server for the frontend host, its /api proxy pointed at the backend. */
export function frontendCommand(settings: ServerSettings & { backendUrl: string }): ServerCommand {
  const url = `http://${settings.host}:${settings.port}`;
  return {
    name: 'frontend',
    command: process.execPath,
    args: [
      viteBin(settings.workspaceRoot),
      settings.projectRoot,
      '--host',
      settings.host,
      '--port',
      String(settings.port),
      '--strictPort',
      '--clearScreen',
      'false',
    ],
    env: { FARM_BACKEND_URL: settings.backendUrl },
    url,
    readyUrl: `${url}/`,
  };
}

function viteBin(workspaceRoot: string): string {
  const pkg = require.resolve('vite/package.json', { paths: [workspaceRoot] });
  const bin = JSON.parse(readFileSync(pkg, 'utf8')).bin;
  return join(dirname(pkg), typeof bin === 'string' ? bin : bin.vite);
}
