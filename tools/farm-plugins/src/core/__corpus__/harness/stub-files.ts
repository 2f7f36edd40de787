import { posix } from 'node:path';
import { declaredPaths, type DeclaredKind } from '../../analyze';
import { routesToPage } from '../../kinds';
import { resolvePluginPath } from '../../plan';
import { isPythonIdentifier, isTsIdentifier } from '../../emit/shared';
import type { FarmPluginManifest } from '../../manifest';

/**
 * Correct source files for every path a manifest declares (and each page a route needs), so a
 * corpus case only spells out the files it is about. Names are the entries' exports; they are
 * written as identifiers only when they are identifiers (otherwise the case expects a rejection).
 */
export function stubFiles(manifest: FarmPluginManifest, root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of declaredPaths(manifest)) {
    const r = resolvePluginPath(root, d.path);
    if ('error' in r) continue;
    out.set(r.file, stub(d.kind, d.export, posix.extname(r.file)));
  }
  for (const route of manifest.frontend?.routes ?? []) {
    const page = routesToPage(manifest, route) ? resolvePluginPath(root, `pages/${route.component}.tsx`) : undefined;
    if (page && 'file' in page) out.set(page.file, stub('component', 'default', '.tsx'));
  }
  return out;
}

function stub(kind: DeclaredKind, name: string, ext: string): string {
  const id = (ext === '.py' ? isPythonIdentifier(name) : isTsIdentifier(name)) ? name : 'unnamed';
  if (ext !== '.py') {
    if (kind === 'style' || ext === '.css') return '.x { color: red; }\n';
    if (kind === 'hook' || (kind === 'component' && name !== 'default'))
      return `export function ${id}() {\n  return null;\n}\n`;
    return `export default function Component() {\n  return null;\n}\n`;
  }
  switch (kind) {
    case 'router':
      return `from fastapi import APIRouter\n\n${id} = APIRouter()\n`;
    case 'middleware':
    case 'model':
      return `class ${id}:\n    pass\n`;
    case 'provider':
      return `class ${id}:\n    async def generate(self, prompt): ...\n    async def chat(self, messages): ...\n    async def embed(self, text): ...\n    async def health_check(self): ...\n`;
    default:
      return `def ${id}(*args, **kwargs):\n    return None\n`;
  }
}
