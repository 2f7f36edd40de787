import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import semver from 'semver';
import { venvPython } from '../python-env';
import { createTempWorkspace, repoRoot, type TempWorkspace } from '../testing/temp-workspace';

// A plugin's dependencies, from the user's side: `farm plugin install <folder>` resolves its
// backend.dependencies with uv into the workspace's .venv and its frontend.dependencies with npm
// into package.json and node_modules (docs/manifest.md, docs/architecture.md "Python dependencies").
jest.setTimeout(300_000);

/** Plugin folders from a path → contents map (objects are written as JSON). */
function writePlugin(dir: string, files: Record<string, string | object>): string {
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof contents === 'string' ? contents : JSON.stringify(contents, null, 2) + '\n');
  }
  return dir;
}

const manifest = (name: string, rest: object) => ({
  name,
  version: '1.0.0',
  description: `${name} (e2e)`,
  author: 'e2e',
  license: 'MIT',
  farmVersion: '^1.0.0',
  ...rest,
});
const packageJson = (name: string) => ({ name, version: '1.0.0', license: 'MIT', keywords: ['farm-plugin'] });

// Written the way FastAPI projects are: a router module, a query-parameter model (pydantic 2,
// model_config, field_validator), Annotated parameters and a dependency. The manifest key is the
// module attribute (docs/manifest.md: a key that names code is the exported name).
const slugRouter = `"""GET /slugs?text=…: URL slugs made by python-slugify."""
from importlib.metadata import version
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from slugify import slugify


class SlugSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SLUGS_")

    default_separator: str = "-"


settings = SlugSettings()
slug_router = APIRouter()


class SlugQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(min_length=1)
    separator: str = "-"
    max_length: int = Field(default=0, ge=0)

    @field_validator("separator")
    @classmethod
    def single_character(cls, value: str) -> str:
        if len(value) != 1:
            raise ValueError("separator must be a single character")
        return value


class Slug(BaseModel):
    model_config = ConfigDict(frozen=True)

    slug: str
    made_by: str


def slugify_release() -> str:
    return "python-slugify " + version("python-slugify")


@slug_router.get("/settings")
async def slug_settings(accept_language: Annotated[str, Header()] = "en") -> dict:
    return {"separator": settings.default_separator, "language": accept_language}


@slug_router.get("", response_model=Slug)
async def make_slug(query: Annotated[SlugQuery, Query()], made_by: Annotated[str, Depends(slugify_release)]) -> Slug:
    return Slug(slug=slugify(query.text, separator=query.separator, max_length=query.max_length), made_by=made_by)
`;

/** Calls the generated FastAPI app of a workspace in-process (TestClient), as the backend serves it. */
function backendGet(
  ws: TempWorkspace,
  path: string,
  headers: Record<string, string> = {},
  env: NodeJS.ProcessEnv = {},
): { status: number; body: any } {
  const script = `import json\nfrom fastapi.testclient import TestClient\nfrom main import app\nr = TestClient(app).get(${JSON.stringify(path)}, headers=json.loads(${JSON.stringify(JSON.stringify(headers))}))\nprint(json.dumps({"status": r.status_code, "body": r.json()}))`;
  const result = spawnSync(venvPython(ws.root), ['-c', script], {
    cwd: join(ws.root, 'apps/backend/src'),
    encoding: 'utf8',
    env: { ...process.env, FARM_DATABASE: 'mongomock', PYTHONDONTWRITEBYTECODE: '1', ...env },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

const git = (ws: TempWorkspace, args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: ws.root, encoding: 'utf8' });
const freeze = (ws: TempWorkspace) =>
  execFileSync('uv', ['pip', 'freeze', '--python', venvPython(ws.root)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe("farm plugin install: a plugin's Python dependencies", () => {
  let ws: TempWorkspace;
  let fixtures: string;
  beforeAll(() => {
    ws = createTempWorkspace({ withApps: true, gitInit: true });
    fixtures = mkdtempSync(join(tmpdir(), 'farm-dep-plugins-'));
  });
  afterAll(() => {
    ws?.dispose();
    if (fixtures) rmSync(fixtures, { recursive: true, force: true });
  });

  it('installs python-slugify into .venv and the backend serves slugs it makes', () => {
    writePlugin(join(fixtures, 'slugs'), {
      'plugin.json': manifest('@farm/plugin-slugs', {
        backend: {
          routers: { slug_router: { path: './routers/slugs.py', prefix: '/slugs', tags: ['slugs'] } },
          dependencies: [{ name: 'python-slugify', version: '9.1.3' }],
        },
      }),
      'package.json': packageJson('@farm/plugin-slugs'),
      'routers/slugs.py': slugRouter,
    });
    expect(freeze(ws)).not.toMatch(/^python-slugify==/m);

    const installed = ws.farm(['plugin', 'install', relative(ws.root, join(fixtures, 'slugs'))]);
    expect(installed.output).not.toMatch(/FARM_E\d+/);
    expect(installed.status).toBe(0);

    expect(ws.read('apps/backend/requirements.lock')).toMatch(/^python-slugify==9\.1\.3$/m);
    const imported = spawnSync(venvPython(ws.root), ['-c', 'import slugify; print(slugify.__version__)'], {
      encoding: 'utf8',
    });
    expect({ status: imported.status, stdout: imported.stdout.trim() }).toEqual({ status: 0, stdout: '9.1.3' });
    // Transliteration (text-unidecode) and max_length are python-slugify's, not something a
    // hand-written slug function would give.
    expect(backendGet(ws, '/slugs?text=%E5%BD%B1%E5%B8%AB%E5%97%8E')).toEqual({
      status: 200,
      body: { slug: 'ying-shi-ma', made_by: 'python-slugify 9.1.3' },
    });
    expect(
      backendGet(ws, '/slugs?text=C%27est%20d%C3%A9j%C3%A0%20l%27%C3%A9t%C3%A9&separator=_&max_length=11'),
    ).toEqual({ status: 200, body: { slug: 'c_est_deja', made_by: 'python-slugify 9.1.3' } });
    // The field_validator and extra="forbid" of the query model answer through the real app.
    const refused = backendGet(ws, '/slugs?text=x&separator=--');
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('separator must be a single character');
    expect(backendGet(ws, '/slugs?text=x&colour=red').status).toBe(422);
    // Annotated[str, Header()] is read from the header (old FastAPI read it as a query
    // parameter), and pydantic-settings reads the environment.
    expect(backendGet(ws, '/slugs/settings', { 'accept-language': 'fr' }, { SLUGS_DEFAULT_SEPARATOR: '_' })).toEqual({
      status: 200,
      body: { separator: '_', language: 'fr' },
    });
    expect(backendGet(ws, '/slugs/settings?accept_language=de').body).toEqual({ separator: '-', language: 'en' });
  });

  it('refuses a plugin pinning another python-slugify with FARM_E052 naming both, changing nothing', () => {
    git(ws, ['add', '-A']);
    git(ws, ['commit', '-qm', 'slugs installed']);
    expect(git(ws, ['status', '--porcelain'])).toBe('');
    const venvBefore = freeze(ws);
    expect(venvBefore).toMatch(/^python-slugify==9\.1\.3$/m);
    writePlugin(join(fixtures, 'legacy-slugs'), {
      'plugin.json': manifest('@farm/plugin-legacy-slugs', {
        backend: { dependencies: [{ name: 'python-slugify', version: '8.0.4' }] },
      }),
      'package.json': packageJson('@farm/plugin-legacy-slugs'),
    });

    const refused = ws.farm(['plugin', 'install', relative(ws.root, join(fixtures, 'legacy-slugs'))]);
    expect(refused.status).not.toBe(0);
    // Each plugin's entry: its header names it and its manifest, its message the other's specifier.
    const entry = (plugin: string) =>
      new RegExp(`FARM_E052 plugin "${plugin}" \\(([^)]*)\\):\\s*\\n\\s*(.*)`).exec(refused.output)?.slice(1);
    expect(entry('@farm/plugin-legacy-slugs')).toEqual([
      'libs/plugins/legacy-slugs/plugin.json /backend/dependencies/0',
      expect.stringMatching(
        /^python-slugify==8\.0\.4 cannot be installed together with python-slugify==9\.1\.3 \(@farm\/plugin-slugs\): uv says: /,
      ),
    ]);
    expect(entry('@farm/plugin-slugs')).toEqual([
      'libs/plugins/slugs/plugin.json /backend/dependencies/0',
      expect.stringMatching(
        /^python-slugify==9\.1\.3 cannot be installed together with python-slugify==8\.0\.4 \(@farm\/plugin-legacy-slugs\): uv says: /,
      ),
    ]);

    expect(git(ws, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
    expect(freeze(ws)).toBe(venvBefore);
  });
});

/** The version of an npm package installed at the top of `root`'s node_modules, if any. */
function installedVersion(root: string, name: string): string | undefined {
  const file = join(root, 'node_modules', name, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
}

/** What of the repo's own npm install a test workspace must never change. */
function repoPackagesState() {
  const farmModules = join(repoRoot, 'tools/farm-plugins/node_modules');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      // By content: npm may re-extract a package it already placed there (same bytes, new
      // mtimes) when it re-evaluates the linked workspace member; another package or version is the fault.
      return entry.isDirectory()
        ? walk(path)
        : [`${relative(farmModules, path)} ${createHash('sha1').update(readFileSync(path)).digest('hex')}`];
    });
  return {
    topLevel: readdirSync(join(repoRoot, 'node_modules')).length,
    hiddenLockfile: readFileSync(join(repoRoot, 'node_modules/.package-lock.json'), 'utf8'),
    nanoid: installedVersion(repoRoot, 'nanoid'),
    packageJson: readFileSync(join(repoRoot, 'package.json'), 'utf8'),
    packageLock: readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'),
    farmPluginsModules: walk(farmModules).sort(),
  };
}

/** Files still shared (hardlinked) with the repo's node_modules that were written after `since`. */
function writtenThroughLinks(dir: string, since: number): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return writtenThroughLinks(path, since);
    if (!entry.isFile()) return [];
    const stat = lstatSync(path);
    return stat.nlink > 1 && stat.mtimeMs >= since ? [path] : [];
  });
}

describe("farm plugin install: a plugin's npm dependencies", () => {
  let ws: TempWorkspace;
  let fixtures: string;
  let before: ReturnType<typeof repoPackagesState>;
  let copiedAt: number;
  beforeAll(() => {
    before = repoPackagesState();
    copiedAt = Date.now();
    ws = createTempWorkspace({ withApps: true, ownNodeModules: true });
    fixtures = mkdtempSync(join(tmpdir(), 'farm-dep-plugins-'));
  });
  afterAll(() => {
    ws?.dispose();
    if (fixtures) rmSync(fixtures, { recursive: true, force: true });
  });

  it("adds nanoid to package.json, installs it into the workspace's node_modules and the build bundles it", () => {
    // The repo has nanoid 3 (postcss's): the plugin's ^5 must replace it in the workspace only.
    expect(semver.satisfies(installedVersion(ws.root, 'nanoid') ?? '0.0.0', '^5.0.0')).toBe(false);
    writePlugin(join(fixtures, 'short-ids'), {
      'plugin.json': manifest('@farm/plugin-short-ids', {
        frontend: {
          components: { ShortId: { path: './components/ShortId.tsx' } },
          dependencies: [{ name: 'nanoid', version: '^5.0.0' }],
        },
      }),
      'package.json': { ...packageJson('@farm/plugin-short-ids'), peerDependencies: { react: '>=19' } },
      'components/ShortId.tsx': [
        "import { nanoid } from 'nanoid';",
        "import { useState } from 'react';",
        '',
        '/** A short random id, made once per mount. */',
        'export default function ShortId({ size = 10 }: { size?: number }) {',
        '  const [id] = useState(() => nanoid(size));',
        '  return <code data-testid="short-id">{id}</code>;',
        '}',
        '',
      ].join('\n'),
    });

    const installed = ws.farm(['plugin', 'install', relative(ws.root, join(fixtures, 'short-ids'))]);
    expect(installed.output).not.toMatch(/FARM_E\d+|not installed: node_modules links to/);
    expect(installed.status).toBe(0);

    expect(ws.json('package.json').dependencies.nanoid).toBe('^5.0.0');
    expect(ws.json('package-lock.json').packages['node_modules/nanoid'].version).toMatch(/^5\./);
    expect(semver.satisfies(installedVersion(ws.root, 'nanoid') ?? '0.0.0', '^5.0.0')).toBe(true);

    const built = ws.nx(['run', 'frontend:build', '--skip-nx-cache']);
    expect(built.status).toBe(0);
    const assets = join(ws.root, 'dist/apps/frontend/assets');
    const js = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(assets, f), 'utf8'))
      .join('\n');
    expect(js).toContain('short-id');
    // nanoid >= 4 builds ids from its URL alphabet; nanoid 3's browser nanoid() does not use it,
    // so the string is in the bundle only when the workspace's nanoid 5 was bundled.
    expect(js).toContain('useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict');
  });

  it("left the repo's node_modules, package.json and package-lock.json as they were", () => {
    expect(writtenThroughLinks(join(ws.root, 'node_modules'), copiedAt)).toEqual([]);
    expect(repoPackagesState()).toEqual(before);
  });
});
