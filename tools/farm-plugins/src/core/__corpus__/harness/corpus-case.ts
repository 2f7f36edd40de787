import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FarmErrorCode } from '../../errors';
import { loadManifest, projectNameOf, type FarmPluginManifest } from '../../manifest';
import type { InstalledPlugin, SecurityPolicy } from '../../workspace';
import { stubFiles } from './stub-files';

/** One hostile (or tricky but valid) input and the exact error codes it must get. */
export interface CorpusCase {
  name: string;
  description: string;
  /** The exact set of error codes; [] for an input that must be accepted (and compile). */
  expect: FarmErrorCode[];
  /**
   * A known bug outside this harness that makes the case fail today: the spec runs it as
   * `it.failing`, which turns red once the bug is fixed (then drop this field).
   */
  knownBug?: string;
  /** Warning codes it must also get (others are allowed). */
  warnings?: FarmErrorCode[];
  /** Manifests by folder under libs/plugins; defaults fill the required fields. */
  plugins?: Record<string, Partial<FarmPluginManifest>>;
  /** Raw files, workspace-relative (a raw plugin.json here wins over `plugins`); null removes a stub. */
  files?: Record<string, string | null>;
  workspace?: {
    security?: SecurityPolicy;
    plugins?: Record<string, Partial<InstalledPlugin> | null>;
    environment?: string;
  };
}

export const casesDir = join(__dirname, '..', 'cases');

export function loadCorpusCases(): CorpusCase[] {
  return readdirSync(casesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.json$/, ''),
      ...(JSON.parse(readFileSync(join(casesDir, f), 'utf8')) as Omit<CorpusCase, 'name'>),
    }));
}

const defaults = {
  version: '1.0.0',
  description: 'corpus plugin',
  author: 'corpus',
  license: 'MIT',
  farmVersion: '^1.0.0',
};

/**
 * The case as a workspace: plugin.json files, stub sources for declared paths (unless the case
 * gives the file), and a workspace.json installing every plugin whose manifest has a name.
 */
export function caseWorkspace(c: Pick<CorpusCase, 'plugins' | 'files' | 'workspace'>): Map<string, string> {
  const files = new Map<string, string>();
  const installed: Record<string, InstalledPlugin> = {};
  for (const [folder, partial] of Object.entries(c.plugins ?? {})) {
    const manifest = { name: `@corpus/${folder}`, ...defaults, ...partial } as FarmPluginManifest;
    const root = `libs/plugins/${folder}`;
    files.set(`${root}/plugin.json`, JSON.stringify(manifest, null, 2));
    for (const [file, text] of stubFiles(manifest, root)) files.set(file, text);
    // Only a plugin whose manifest loads could have been added (nx g @farm/plugins:add checks it).
    if (loadManifest(files.get(`${root}/plugin.json`)!, `${root}/plugin.json`).loaded) {
      installed[manifest.name] = {
        source: { type: 'workspace', spec: root },
        version: String(manifest.version),
        active: true,
      };
    }
  }
  for (const [file, text] of Object.entries(c.files ?? {})) {
    if (text === null) files.delete(file);
    else files.set(file, text);
  }
  for (const [name, entry] of Object.entries(c.workspace?.plugins ?? {})) {
    if (entry === null) delete installed[name];
    else
      installed[name] = {
        ...(installed[name] ?? {
          source: { type: 'workspace', spec: `libs/plugins/${projectNameOf(name)}` },
          version: '1.0.0',
          active: true,
        }),
        ...entry,
      };
  }
  if (!files.has('workspace.json')) {
    files.set(
      'workspace.json',
      JSON.stringify(
        {
          farmVersion: '1.0.0',
          environment: c.workspace?.environment ?? 'development',
          plugins: installed,
          ...(c.workspace?.security ? { security: c.workspace.security } : {}),
        },
        null,
        2,
      ),
    );
  }
  return files;
}
