// Synthesises a FARM workspace of N realistic plugins for the benchmark (see docs/performance.md).
// Deterministic: the same N gives the same bytes, so runs and machines compare.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const domains = [
  'billing',
  'orders',
  'catalog',
  'search',
  'inbox',
  'reports',
  'audit',
  'files',
  'teams',
  'calendar',
  'notes',
  'tasks',
  'crm',
  'invoices',
  'shipping',
  'reviews',
  'wiki',
  'alerts',
  'metrics',
  'payments',
  'profiles',
  'forms',
  'media',
  'maps',
  'polls',
  'tickets',
  'quotes',
  'feeds',
  'surveys',
  'assets',
];
// Shared pins must agree across plugins (a disagreement is FARM_E052), as in a real workspace.
const pythonPackages = [
  ['httpx', '>=0.27'],
  ['PyYAML', '>=6'],
  ['pydantic', '>=2'],
  ['python-jose', '3.3.0'],
  ['passlib', '1.7.4'],
  ['motor', '>=2.3'],
  ['tenacity', '>=8'],
  ['orjson', '>=3.8'],
  ['python-dateutil', '>=2.8'],
  ['jinja2', '>=3'],
];
const npmPackages = [
  ['react-router', '^7.0.0'],
  ['react', '^19.0.0'],
  ['react-dom', '^19.0.0'],
];

/** Small seeded PRNG (mulberry32): the DAG and the choices are the same on every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The plugins of a workspace of size n: names, and a dependency DAG (edges point to lower indices). */
export function pluginSpecs(n) {
  const rand = random(0xfa12 + n);
  const pick = (from, to) => from + Math.floor(rand() * (to - from));
  // ~5% foundations (auth, db-like) that features build on, as real plugin sets do.
  const foundations = Math.max(2, Math.round(n * 0.05));
  const specs = [];
  for (let i = 0; i < n; i++) {
    const word = domains[i % domains.length];
    const slug = `${word}-${String(i).padStart(4, '0')}`;
    const deps = new Set();
    if (i > 0) {
      const fromFoundations = i < foundations ? pick(0, 2) : pick(1, 3);
      for (let k = 0; k < fromFoundations; k++) deps.add(pick(0, Math.min(i, foundations)));
      if (i >= foundations && rand() < 0.3) deps.add(pick(Math.max(foundations, i - 20), i));
    }
    deps.delete(i);
    specs.push({
      i,
      slug,
      name: `@farm/${slug}`,
      deps: [...deps].sort((a, b) => a - b),
      peer: i >= foundations && rand() < 0.15 ? pick(0, foundations) : undefined,
      flags: rand(),
    });
  }
  for (const s of specs) if (s.peer !== undefined && s.deps.includes(s.peer)) s.peer = undefined;
  return specs;
}

const pascal = (slug) => slug.replace(/(^|-)([a-z0-9])/g, (_m, _d, c) => c.toUpperCase());
const snake = (slug) => slug.replace(/-/g, '_');

/** plugin.json and every file it declares, as { relative path → contents }. */
export function pluginFiles(spec, specs) {
  const P = pascal(spec.slug);
  const s = snake(spec.slug);
  const camel = P[0].toLowerCase() + P.slice(1);
  const word = spec.slug.split('-')[0];
  const files = {};
  const dependencies = spec.deps.map((d) => ({
    name: specs[d].name,
    version: '^1.0.0',
    ...(spec.i % 5 === 0 ? { reason: `uses ${specs[d].slug} services` } : {}),
  }));
  if (spec.i % 17 === 3)
    dependencies.push({ name: '@farm/not-installed-extension', version: '^2.0.0', optional: true });
  const manifest = {
    $schema: '../../../node_modules/@farm/plugins/src/core/manifest/plugin.schema.json',
    name: spec.name,
    version: '1.0.0',
    description: `${word[0].toUpperCase()}${word.slice(1)} features (synthetic plugin ${spec.i})`,
    author: 'FARM bench',
    license: 'MIT',
    keywords: ['farm', word],
    farmVersion: '^1.0.0',
    ...(spec.i % 4 === 0 ? { nodeVersion: '>=18' } : {}),
    configSchema: {
      type: 'object',
      properties: {
        [`${camel}Enabled`]: { type: 'boolean', default: true, description: `Turn ${word} on or off` },
        [`max${P}Items`]: { type: 'integer', minimum: 1, default: 10 + (spec.i % 7), description: 'Page size' },
        mode: { type: 'string', enum: ['fast', 'safe', `${word}-tuned`], default: 'safe' },
        endpoint: {
          type: 'object',
          description: 'Upstream service',
          properties: {
            url: { type: 'string', default: `http://127.0.0.1:9${String(spec.i % 1000).padStart(3, '0')}` },
            timeoutMs: { type: 'integer', default: 5000 },
          },
        },
      },
    },
    frontend: {
      components: {
        [`${P}Panel`]: {
          path: `./components/${P}Panel.tsx`,
          props: { type: 'object', properties: { title: { type: 'string' } } },
        },
        [`${P}List`]: { path: `./components/${P}List.tsx` },
        [`${P}Widget`]: { path: `./components/${P}Widget.tsx`, async: true },
      },
      hooks: {
        [`use${P}`]: { path: `./hooks/use${P}.ts` },
        [`use${P}Data`]: { path: `./hooks/use${P}Data.ts`, dependencies: [`use${P}`] },
      },
      routes: [
        { path: `/${spec.slug}`, component: `${P}Panel` },
        { path: `/${spec.slug}/settings`, component: `${P}Settings` },
      ],
      styles: [`./styles/${spec.slug}.css`],
      // A Vite plugin module is a file of the plugin (an npm one is re-exported from such a file).
      ...(spec.i % 50 === 7 ? { vitePlugins: [{ module: './vite/inspect.ts', options: { build: false } }] } : {}),
      ...(spec.flags < 0.5
        ? {
            dependencies: [
              Object.fromEntries([
                ['name', npmPackages[spec.i % 3][0]],
                ['version', npmPackages[spec.i % 3][1]],
              ]),
            ],
          }
        : {}),
    },
    backend: {
      routers: {
        [`${s}_router`]: { path: './routers/main.py', prefix: `/${spec.slug}`, tags: [word] },
        [`${s}_admin_router`]: {
          path: './routers/admin.py',
          prefix: `/admin/${spec.slug}`,
          tags: [word, 'admin'],
          middleware: [`${s}_audit`],
        },
      },
      middleware: {
        [`${s}_audit`]: {
          path: './middleware/audit.py',
          order: 100 + spec.i,
          ...(spec.i % 3 === 0
            ? { conditions: [{ path: `/admin/${spec.slug}`, methods: ['POST', 'PUT', 'DELETE'] }] }
            : {}),
        },
        ...(spec.i % 10 === 9
          ? {
              [`${s}_profiler`]: {
                path: './middleware/profiler.py',
                order: 1000 + spec.i,
                conditions: [{ environment: ['development'] }],
              },
            }
          : {}),
      },
      tasks: { [`${s}_sync`]: { path: './tasks/sync.py', schedule: `${spec.i % 60} * * * *`, queue: 'default' } },
      models: {
        [`${P}Record`]: {
          path: './models/record.py',
          collection: `${s}_records`,
          indexes: ['created_at', { keys: { owner_id: 1, created_at: -1 } }],
        },
        [`${P}Event`]: {
          path: './models/event.py',
          collection: `${s}_events`,
          indexes: [{ keys: { at: -1 }, expireAfterSeconds: 604800 }],
        },
      },
      dependencies: [0, 1].map((k) => {
        const [name, version] = pythonPackages[(spec.i + k * 3) % pythonPackages.length];
        return { name, version };
      }),
    },
    ai: {
      providers: {
        [`${s}_llm`]: {
          path: './providers/llm.py',
          models: ['llama3.1', `${word}-small`],
          capabilities: ['chat', 'completion'],
        },
      },
      models: {
        [`${spec.slug}-chat`]: {
          provider: `${s}_llm`,
          config: { temperature: 0.2, maxTokens: 512 },
          requirements: { memory: '2GB' },
        },
      },
      pipelines: {
        [`${s}_summarize`]: { path: './pipelines/summarize.py', inputTypes: ['text'], outputTypes: ['text'] },
      },
      endpoints: {
        [`${s}_complete`]: { path: './endpoints/complete.py', method: 'POST', streaming: spec.i % 2 === 0 },
      },
    },
    database: {
      collections: { [`${s}_log`]: { indexes: [{ keys: { at: -1 } }], description: `${word} activity log` } },
    },
    permissions: { network: { external: true }, database: { read: true, write: true }, ai: { inference: true } },
    ...(dependencies.length ? { dependencies } : {}),
    ...(spec.peer !== undefined ? { peerDependencies: [{ name: specs[spec.peer].name, version: '>=1.0.0' }] } : {}),
  };
  files['plugin.json'] = JSON.stringify(manifest, null, 2) + '\n';
  files['README.md'] = `# ${spec.name}\n\nSynthetic plugin for the FARM benchmark.\n`;

  const component = (name, body) =>
    `import { use${P} } from '../hooks/use${P}';\n\nexport default function ${name}(props: { title?: string }) {\n  const state = use${P}();\n  return (\n    <section className="${spec.slug}">\n      <h2>{props.title ?? '${name}'}</h2>\n      ${body}\n    </section>\n  );\n}\n`;
  files[`components/${P}Panel.tsx`] = component(`${P}Panel`, `<p>{state.items.length} item(s)</p>`);
  files[`components/${P}List.tsx`] = component(
    `${P}List`,
    `<ul>{state.items.map((item) => <li key={item.id}>{item.title}</li>)}</ul>`,
  );
  files[`components/${P}Widget.tsx`] = component(`${P}Widget`, `<small>{state.loading ? 'loading' : 'ready'}</small>`);
  files[`pages/${P}Settings.tsx`] =
    `export default function ${P}Settings() {\n  return <h1>${spec.name} settings</h1>;\n}\n`;
  files[`hooks/use${P}.ts`] =
    `import { useEffect, useState } from 'react';\n\nexport interface ${P}Item {\n  id: string;\n  title: string;\n}\n\nexport function use${P}() {\n  const [items, setItems] = useState<${P}Item[]>([]);\n  const [loading, setLoading] = useState(true);\n  useEffect(() => {\n    fetch('/api/${spec.slug}')\n      .then((r) => r.json())\n      .then((data: ${P}Item[]) => setItems(data))\n      .finally(() => setLoading(false));\n  }, []);\n  return { items, loading };\n}\n`;
  files[`hooks/use${P}Data.ts`] =
    `import { use${P} } from './use${P}';\n\nexport function use${P}Data() {\n  const { items } = use${P}();\n  return items.length;\n}\n`;
  files[`styles/${spec.slug}.css`] = `.${spec.slug} {\n  display: grid;\n  gap: 0.5rem;\n}\n`;
  const router = (name, prefix) =>
    `from fastapi import APIRouter\n\nfrom ..models.record import ${P}Record\n\n${name} = APIRouter()\n\n\n@${name}.get("/")\nasync def list_items() -> list:\n    """${prefix}: list ${word} items."""\n    return []\n\n\n@${name}.post("/")\nasync def create_item(item: ${P}Record) -> ${P}Record:\n    return item\n`;
  files['routers/main.py'] = router(`${s}_router`, `/${spec.slug}`);
  files['routers/admin.py'] = router(`${s}_admin_router`, `/admin/${spec.slug}`);
  files['middleware/audit.py'] =
    `from starlette.middleware.base import BaseHTTPMiddleware\n\n\nclass ${s}_audit(BaseHTTPMiddleware):\n    async def dispatch(self, request, call_next):\n        response = await call_next(request)\n        response.headers["x-${spec.slug}-audit"] = "1"\n        return response\n`;
  if (spec.i % 10 === 9)
    files['middleware/profiler.py'] =
      `from starlette.middleware.base import BaseHTTPMiddleware\n\n\nclass ${s}_profiler(BaseHTTPMiddleware):\n    async def dispatch(self, request, call_next):\n        return await call_next(request)\n`;
  files['tasks/sync.py'] = `async def ${s}_sync(app) -> None:\n    """Periodic ${word} sync."""\n    return None\n`;
  files['models/record.py'] =
    `from datetime import datetime\n\nfrom pydantic import BaseModel\n\n\nclass ${P}Record(BaseModel):\n    id: str\n    owner_id: str\n    title: str\n    created_at: datetime\n`;
  files['models/event.py'] =
    `from datetime import datetime\n\nfrom pydantic import BaseModel\n\n\nclass ${P}Event(BaseModel):\n    kind: str\n    at: datetime\n`;
  files['providers/llm.py'] =
    `from farm.ai.provider import AIProvider\n\n\nclass ${s}_llm(AIProvider):\n    name = "${s}_llm"\n\n    async def generate(self, prompt, **options):\n        return "${word}"\n\n    async def chat(self, messages, **options):\n        return {"role": "assistant", "content": "${word}"}\n\n    async def embed(self, text, **options):\n        return [0.0]\n\n    async def health_check(self):\n        return True\n`;
  files['pipelines/summarize.py'] = `async def ${s}_summarize(text: str) -> str:\n    return text[:200]\n`;
  if (spec.i % 50 === 7)
    files['vite/inspect.ts'] =
      `export default function inspect(options: { build?: boolean } = {}) {\n  return { name: '${spec.slug}-inspect', apply: options.build ? 'build' : 'serve' } as const;\n}\n`;
  // The host calls an AI endpoint as handler(payload, ai, request) (docs/manifest.md; FARM_E107 otherwise).
  files['endpoints/complete.py'] =
    `async def ${s}_complete(payload, ai, request) -> dict:\n    return {"plugin": "${spec.name}"}\n`;
  return files;
}

/** What the repo's temp-workspace copies (the lock file too: Nx reads external dependencies from it); the plugins and workspace.json are synthesised instead. */
const copied = [
  'nx.json',
  'package.json',
  'package-lock.json',
  'tsconfig.base.json',
  'apps/frontend/project.json',
  'apps/frontend/tsconfig.json',
  'apps/backend/project.json',
  'apps/backend/requirements.lock',
  'uv.lock',
  'pyproject.toml',
];
const backendHost = ['apps/backend/src/main.py', 'apps/backend/src/farm'];

/**
 * Writes the workspace at `root` (replacing it) and returns facts the bench reports. The backend
 * gets two reference targets with integrate's inputs: `noop` (`node -e 0`, Nx's own cost for such
 * a task) and `noop-executor`, a custom executor that does nothing — what Nx adds for any
 * executor (a task process that loads Nx, registers TypeScript and reads the project graph).
 */
export function synthesizeWorkspace(root, n, repoRoot, options = {}) {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const path of copied) cpSync(join(repoRoot, path), join(root, path), { recursive: true });
  // The backend host's own code (not its generated wiring): validate's runtime gate and add's import it.
  for (const path of backendHost) cpSync(join(repoRoot, path), join(root, path), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  // validate's analyzer runs on the workspace's .venv/bin/python; the bench only reads with it.
  symlinkSync(join(repoRoot, '.venv'), join(root, '.venv'), 'dir');
  const backendProject = join(root, 'apps/backend/project.json');
  const backend = JSON.parse(readFileSync(backendProject, 'utf8'));
  // integrate's inputs as the graph plugin infers them for this workspace (graph-plugin's
  // inferHostTargets; the tool lies outside it, so farmToolInputs is its version).
  const inputs = [
    '{workspaceRoot}/workspace.json',
    '^default',
    { runtime: `node -p "require('@farm/plugins/package.json').version"` },
  ];
  backend.targets.noop = { command: 'node -e 0', cache: true, inputs, outputs: [] };
  backend.targets['noop-executor'] = { executor: '@bench/probe:noop', cache: true, inputs, outputs: [] };
  writeFileSync(backendProject, JSON.stringify(backend, null, 2) + '\n');
  writeProbePlugin(join(root, 'tools/bench-probe'));

  const specs = pluginSpecs(n);
  let fileCount = 0;
  for (const spec of specs) {
    for (const [path, contents] of Object.entries(pluginFiles(spec, specs))) {
      const target = join(root, 'libs/plugins', spec.slug, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, contents);
      fileCount++;
    }
  }
  const plugins = {};
  for (const spec of [...specs].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    plugins[spec.name] = {
      source: { type: 'workspace', spec: `libs/plugins/${spec.slug}` },
      version: '1.0.0',
      active: true,
      config: spec.i % 3 === 0 ? { mode: 'fast', endpoint: { timeoutMs: 2000 } } : {},
    };
  }
  const workspace = {
    farmVersion: '1.0.0',
    environment: 'development',
    plugins,
    security: {
      permissions: { network: { external: true }, database: { read: true, write: true }, ai: { inference: true } },
      limits: {},
      sandbox: { enabled: false },
    },
  };
  writeFileSync(join(root, 'workspace.json'), JSON.stringify(workspace, null, 2) + '\n');
  writeFileSync(join(root, '.gitignore'), 'node_modules\n.nx\n');

  if (options.git) {
    const git = (...args) =>
      execFileSync(
        'git',
        ['-c', 'user.email=bench@farm', '-c', 'user.name=bench', '-c', 'commit.gpgsign=false', ...args],
        { cwd: root, stdio: 'pipe' },
      );
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', `synthetic workspace, ${n} plugins`);
  }
  const edges = specs.reduce((sum, s) => sum + s.deps.length + (s.peer !== undefined ? 1 : 0), 0);
  return { specs, plugins: n, files: fileCount, edges };
}

/** A local Nx plugin with one executor that does nothing, written in TypeScript like @farm/plugins. */
function writeProbePlugin(dir) {
  const files = {
    'package.json': {
      name: '@bench/probe',
      version: '0.0.0',
      private: true,
      main: './noop.ts',
      executors: './executors.json',
    },
    'project.json': { name: 'bench-probe', root: 'tools/bench-probe', targets: {} },
    'executors.json': {
      executors: { noop: { implementation: './noop.ts', schema: './schema.json', description: 'Does nothing.' } },
    },
    'schema.json': { version: 2, type: 'object', properties: {} },
  };
  mkdirSync(dir, { recursive: true });
  for (const [name, json] of Object.entries(files))
    writeFileSync(join(dir, name), JSON.stringify(json, null, 2) + '\n');
  writeFileSync(
    join(dir, 'noop.ts'),
    'export default async function noop(): Promise<{ success: boolean }> {\n  return { success: true };\n}\n',
  );
}

/** Transitive dependents of plugin `index` (how far a manifest edit can reach through `^` inputs). */
export function dependentsOf(specs, index) {
  const dependents = new Map(specs.map((s) => [s.i, []]));
  for (const s of specs)
    for (const d of [...s.deps, ...(s.peer !== undefined ? [s.peer] : [])]) dependents.get(d).push(s.i);
  const seen = new Set();
  const queue = [index];
  while (queue.length) {
    for (const d of dependents.get(queue.pop())) {
      if (seen.has(d)) continue;
      seen.add(d);
      queue.push(d);
    }
  }
  return { direct: dependents.get(index).length, transitive: seen.size };
}
