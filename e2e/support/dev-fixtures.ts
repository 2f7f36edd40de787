import { renameSync } from 'node:fs';
import type { WorkspaceCopy } from './workspace-copy';

// A small feature added to the auth plugin of a workspace copy, the way a person would add one:
// a FastAPI router, a page on a new route, and a component the page shows.

export const pingRouterFile = 'libs/plugins/auth/routers/ping.py';
export const pingBadgeFile = 'libs/plugins/auth/components/PingBadge.tsx';
export const pingPageFile = 'libs/plugins/auth/pages/PingPage.tsx';
export const authManifestFile = 'libs/plugins/auth/plugin.json';

/** A router module with one GET per name: `/`<prefix> answers `{ "pong": <name> }`. */
export function pingRouterSource(routes: Record<string, string> = { ping_router: 'one' }): string {
  return [
    'from fastapi import APIRouter',
    '',
    ...Object.entries(routes).flatMap(([name, pong]) => [
      '',
      `${name} = APIRouter()`,
      '',
      '',
      `@${name}.get("")`,
      `async def ${name}_get() -> dict:`,
      `    return {"pong": "${pong}"}`,
    ]),
    '',
  ].join('\n');
}

export function pingBadgeSource(label: string): string {
  return `export default function PingBadge({ pong }: { pong: string }) {
  return <p data-testid="ping-badge">{pong} — ${label}</p>;
}
`;
}

export const pingPageSource = `import { useEffect, useState } from 'react';
import PingBadge from '../components/PingBadge';

export default function PingPage() {
  const [pong, setPong] = useState('…');
  useEffect(() => {
    fetch('/api/ping').then((r) => r.json()).then((body) => setPong(String(body.pong)));
  }, []);
  return <main data-testid="ping-page"><PingBadge pong={pong} /></main>;
}
`;

/** The auth manifest with the ping router (at each prefix), the PingBadge component and the /ping route. */
export function withPing(manifest: any, routers: Record<string, string> = { ping_router: '/ping' }): any {
  const next = structuredClone(manifest);
  for (const [name, prefix] of Object.entries(routers)) {
    next.backend.routers[name] = { path: './routers/ping.py', prefix, tags: ['ping'] };
  }
  next.frontend.components.PingBadge = { path: './components/PingBadge.tsx' };
  next.frontend.routes.push({ path: '/ping', component: 'PingPage' });
  return next;
}

export function writeJson(copy: WorkspaceCopy, file: string, value: unknown): void {
  copy.write(file, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Saves like vim or a JetBrains IDE: a temp file renamed over the old one. A truncate-and-write
 * save can be read by Vite while empty and lose that hot update (docs/dev-loop.md, Known issues).
 */
export function saveAtomically(copy: WorkspaceCopy, file: string, contents: string): void {
  const temp = `${file}.e2e-save.tmp`;
  copy.write(temp, contents);
  renameSync(copy.path(temp), copy.path(file));
}
