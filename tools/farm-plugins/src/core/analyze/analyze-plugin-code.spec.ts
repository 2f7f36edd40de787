import { formatProblems } from '../errors';
import type { FarmPluginManifest } from '../manifest';
import { fixtureManifest } from '../testing/manifest-fixtures';
import { analyzeInMemory } from './testing/analyze-in-memory';

const root = 'libs/plugins/p';
type Spec = Omit<Partial<FarmPluginManifest>, 'name'>;

function analyze(spec: Spec, files: Record<string, string>, options: Parameters<typeof analyzeInMemory>[2] = {}) {
  const loaded = fixtureManifest({ name: '@farm/p', ...spec });
  const inRoot = Object.fromEntries(Object.entries(files).map(([f, t]) => [`${root}/${f}`, t]));
  return analyzeInMemory(loaded, inRoot, options);
}

/** `FARM_E075` for errors, `FARM_E078?` for warnings, in report order. */
const codes = (a: ReturnType<typeof analyze>) => a.problems.map((p) => p.code + (p.severity === 'warning' ? '?' : ''));

const component = (path: string) => ({ frontend: { components: { Widget: { path } } } });
const hook = (name: string, path = './hooks/h.ts') => ({ frontend: { hooks: { [name]: { path } } } });
const backend = (kind: 'routers' | 'middleware' | 'models' | 'tasks', name: string, path = './mod.py') => ({
  backend: {
    [kind]: {
      [name]: kind === 'routers' ? { path, prefix: '/x' } : kind === 'middleware' ? { path, order: 1 } : { path },
    },
  },
});
const provider = (name: string, path = './providers/p.py') => ({
  ai: { providers: { [name]: { path, models: ['m'], capabilities: ['chat' as const] } } },
});
const fullProvider =
  'class P:\n    def generate(self): ...\n    def chat(self): ...\n    def embed(self): ...\n    async def health_check(self): ...\n';
/** A backend entry whose `export` names the module attribute: the usual `router = APIRouter()`. */
const exported = (kind: 'routers' | 'models' | 'tasks', key: string, path: string, name: string) => ({
  backend: {
    [kind]: { [key]: kind === 'routers' ? { path, export: name, prefix: `/${key}` } : { path, export: name } },
  },
});
const usersRouter =
  'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/")\nasync def list_users() -> list:\n    return []\n';
const namedComponent = (name: string, path = './components/index.ts') => ({
  frontend: { components: { Card: { path, export: name } } },
});

describe('analyzePluginCode', () => {
  it('passes clean code', () => {
    const a = analyze(
      { ...component('./Widget.tsx'), ...backend('routers', 'router', './r.py') },
      {
        'Widget.tsx': `import { useState } from 'react';\nexport default function Widget() { const [x] = useState(0); return <p>{x}</p>; }\n`,
        'r.py': 'from fastapi import APIRouter\nrouter = APIRouter()\n',
        'lib/util.ts': `export const api = (p: string) => fetch('/api' + p);\n`,
      },
    );
    expect(formatProblems(a.problems)).toBe('');
    expect(a.files).toEqual([`${root}/Widget.tsx`, `${root}/lib/util.ts`, `${root}/r.py`]);
  });

  describe('suppressions', () => {
    it.each<[string, Record<string, string>, string[], number]>([
      [
        'a reason on the line silences the finding',
        { 'a.ts': `eval('1'); // farm-allow eval: fixed input from our own build\n` },
        [],
        1,
      ],
      [
        'a reason on the line before silences it',
        { 'a.py': '# farm-allow process-spawn: runs the bundled formatter\nimport subprocess\n' },
        [],
        1,
      ],
      [
        'no reason: the finding stays and the comment is reported',
        { 'a.ts': `// farm-allow eval\neval('1');\n` },
        ['FARM_E078?', 'FARM_E070'],
        0,
      ],
      [
        'an empty reason is no reason',
        { 'a.py': 'eval("1")  # farm-allow eval:   \n' },
        ['FARM_E078?', 'FARM_E070'],
        0,
      ],
      [
        'the wrong rule does not silence',
        { 'a.ts': `// farm-allow process-spawn: wrong rule\neval('1');\n` },
        ['FARM_E078?', 'FARM_E070'],
        0,
      ],
      [
        'an unknown rule is reported',
        { 'a.ts': `// farm-allow evil: typo\neval('1');\n` },
        ['FARM_E078?', 'FARM_E070'],
        0,
      ],
      [
        'two lines away is too far',
        { 'a.ts': `// farm-allow eval: too far\n\neval('1');\n` },
        ['FARM_E078?', 'FARM_E070'],
        0,
      ],
      [
        'one comment silences one finding',
        { 'a.ts': `// farm-allow eval: only one\neval('1'); eval('2');\n` },
        ['FARM_E070'],
        1,
      ],
      [
        'a stale suppression is reported',
        { 'a.ts': `// farm-allow eval: nothing here any more\nconst x = 1;\n` },
        ['FARM_E078?'],
        0,
      ],
      [
        'usage rules can be suppressed too',
        { 'a.ts': `// farm-allow undeclared-env: read by the test harness only\nconst k = process.env.K;\n` },
        [],
        1,
      ],
    ])('%s', (_title, files, expected, silenced) => {
      const a = analyze({}, files);
      expect(codes(a)).toEqual(expected);
      expect(a.suppressed).toHaveLength(silenced);
    });

    it('keeps the reason with the silenced finding', () => {
      const [s] = analyze({}, { 'a.ts': `eval('1'); // farm-allow eval: fixed input\n` }).suppressed;
      expect(s).toMatchObject({ rule: 'eval', file: `${root}/a.ts`, line: 1, reason: 'fixed input' });
    });
  });

  describe('permissions declared vs used', () => {
    it.each<[string, Spec, Record<string, string>, string[]]>([
      [
        'reading a file outside the plugin',
        {},
        { 'a.ts': `import fs from 'fs';\nfs.readFileSync('/etc/passwd');\n` },
        ['FARM_E075'],
      ],
      ['writing above the plugin folder', {}, { 'a.py': 'open("../../../x.txt", "w")\n' }, ['FARM_E075']],
      [
        'a file of the plugin itself',
        {},
        {
          'a.ts': `import { readFileSync } from 'fs';\nimport { join } from 'path';\nreadFileSync(join(__dirname, 'data.json'));\n`,
          'b.py': 'from pathlib import Path\n(Path(__file__).parent / "t.txt").read_text()\n',
        },
        [],
      ],
      [
        'a declared read path',
        { permissions: { filesystem: { read: ['/etc'] } } },
        { 'a.ts': `import fs from 'fs';\nfs.readFileSync('/etc/hosts');\n` },
        [],
      ],
      [
        'a read-only declaration does not cover a write',
        { permissions: { filesystem: { read: ['data'] } } },
        { 'a.py': 'open("data/x.json", "a")\n' },
        ['FARM_E075'],
      ],
      ['an undeclared env var', {}, { 'a.ts': `const k = process.env.OPENAI_API_KEY;\n` }, ['FARM_E077']],
      [
        'a declared env var and a wildcard',
        { permissions: { env: ['OPENAI_API_KEY', 'VITE_*'] } },
        {
          'a.ts': `process.env.OPENAI_API_KEY; import.meta.env.VITE_API;\n`,
          'b.py': 'import os\nos.getenv("OPENAI_API_KEY")\n',
        },
        [],
      ],
      [
        'the whole environment',
        { permissions: { env: ['A'] } },
        { 'a.py': 'import os\nsettings = dict(os.environ)\n' },
        ['FARM_E077'],
      ],
      ['an undeclared host', {}, { 'a.ts': `fetch('https://api.openai.com/v1/chat');\n` }, ['FARM_E076']],
      [
        'a declared domain covers its subdomains',
        { permissions: { network: { allowedDomains: ['openai.com'] } } },
        {
          'a.ts': `fetch('https://api.openai.com/v1/chat');\n`,
          'b.py': 'import requests\nrequests.get("https://openai.com/x")\n',
        },
        [],
      ],
    ])('%s', (_title, spec, files, expected) => {
      expect(codes(analyze(spec, files))).toEqual(expected);
    });

    it('reports usage for the security policy, with paths made workspace-relative', () => {
      const a = analyze(
        {},
        {
          'lib/a.ts': `import fs from 'fs';\nfs.writeFileSync(__dirname + '/../../other/x', '');\nfetch('http://localhost:3000/');\n`,
        },
      );
      expect(a.usage.files).toEqual([
        { file: `${root}/lib/a.ts`, line: 2, column: 18, mode: 'write', path: 'libs/plugins/other/x', inside: false },
      ]);
      expect(a.usage.hosts).toEqual([
        { file: `${root}/lib/a.ts`, line: 3, column: 1, host: 'localhost', url: 'http://localhost:3000/' },
      ]);
    });
  });

  describe('declared paths', () => {
    it.each<[string, Spec, Record<string, string>, Record<string, string>, string[]]>([
      ['.. leaves the folder', component('../other/W.tsx'), {}, {}, ['FARM_E056']],
      ['an absolute path', backend('models', 'M', '/etc/m.py'), {}, {}, ['FARM_E056']],
      [
        'a symlink out of the folder',
        component('./W.tsx'),
        { 'W.tsx': 'export default () => null;' },
        { [`${root}/W.tsx`]: '/etc/passwd' },
        ['FARM_E056'],
      ],
      [
        'a symlink to a sibling plugin',
        component('./W.tsx'),
        { 'W.tsx': 'export default () => null;' },
        { [`${root}/W.tsx`]: '/ws/libs/plugins/p2/W.tsx' },
        ['FARM_E056'],
      ],
      ['a missing file', hook('useX', './hooks/nope.ts'), {}, {}, ['FARM_E057']],
      [
        'a symlink inside the folder is checked at its target',
        component('./link.tsx'),
        { 'real.tsx': 'export const notDefault = 1;' },
        { [`${root}/link.tsx`]: `/ws/${root}/real.tsx` },
        ['FARM_E080'],
      ],
    ])('%s', (_title, spec, files, symlinks, expected) => {
      expect(codes(analyze(spec, files, { symlinks }))).toEqual(expected);
    });
  });

  describe('frontend files the app must import by their exact name (FARM_E088)', () => {
    const widget = 'export default function Widget() { return null; }\n';
    it.each<[string, Spec, Record<string, string>, string[]]>([
      [
        'a .js component with its declaration, as a published plugin ships it',
        component('./W.js'),
        { 'W.js': widget, 'W.d.ts': 'export default function Widget(): null;\n' },
        [],
      ],
      [
        'a .mjs hook with its declaration',
        hook('useX', './hooks/h.mjs'),
        { 'hooks/h.mjs': 'export function useX() {}\n', 'hooks/h.d.mts': 'export function useX(): void;\n' },
        [],
      ],
      ['a .jsx component without a declaration', component('./W.jsx'), { 'W.jsx': widget }, ['FARM_E088']],
      [
        'a .js component beside a .ts file of the same stem',
        component('./W.js'),
        { 'W.js': widget, 'W.d.ts': 'export default function Widget(): null;\n', 'W.ts': 'export default 1;\n' },
        ['FARM_E088'],
      ],
      ['a .cjs component', component('./W.cjs'), { 'W.cjs': 'module.exports = () => null;\n' }, ['FARM_E088']],
      [
        'a ? in a hook file name',
        hook('useX', './hooks/use?raw.ts'),
        { 'hooks/use?raw.ts': 'export function useX() {}\n' },
        ['FARM_E088'],
      ],
      [
        'a # in a style sheet name',
        { frontend: { styles: ['./styles/a#b.css'] } },
        { 'styles/a#b.css': 'p {}\n' },
        ['FARM_E088'],
      ],
      [
        'a # in a route file',
        { frontend: { routes: [{ path: '/x', component: 'X', file: './pages/#x.tsx' }] } },
        { 'pages/#x.tsx': widget },
        ['FARM_E088'],
      ],
    ])('%s', (_title, spec, files, expected) => {
      expect(codes(analyze(spec, files))).toEqual(expected);
    });

    it('locates the refusal at the path value, with the fix', () => {
      const [p] = analyze(component('./W.jsx'), { 'W.jsx': widget }).problems;
      expect(p).toMatchObject({
        code: 'FARM_E088',
        pointer: '/frontend/components/Widget/path',
        line: expect.any(Number),
        message: `${root}/W.jsx is JavaScript with no declaration beside it (${root}/W.d.ts): the app's TypeScript check (strict, no allowJs) cannot type it`,
        fix: 'write it in TypeScript (.tsx), or add the declaration (nx run <plugin>:build writes one for each compiled file)',
      });
    });
  });

  // The build compiles a source to <stem>.js + <stem>.d.ts (executors/build/lib/package-outputs.spec.ts
  // judges that table against tsc): validate refuses a declared file its package could not hold.
  describe('declared files the plugin package could not hold (FARM_E108)', () => {
    const widget = 'export default function Widget() { return null; }\n';
    it.each<[string, Spec, Record<string, string>, string[]]>([
      [
        'a .tsx component beside a .ts of its stem',
        component('./W.tsx'),
        { 'W.tsx': widget, 'W.ts': 'export {};\n' },
        ['FARM_E108'],
      ],
      [
        'a .ts hook beside a stale compiled .js',
        hook('useX'),
        { 'hooks/h.ts': 'export function useX() {}\n', 'hooks/h.js': '' },
        ['FARM_E108'],
      ],
      [
        'a Vite plugin module beside its hand-written declaration',
        { frontend: { vitePlugins: [{ module: './vite/p.mts' }] } },
        { 'vite/p.mts': 'export default function p() { return { name: "p" }; }\n', 'vite/p.d.mts': '' },
        ['FARM_E108'],
      ],
      [
        'a .tsx component beside a .jsx of its stem (copied as Card.jsx)',
        component('./W.tsx'),
        { 'W.tsx': widget, 'W.jsx': widget },
        [],
      ],
      [
        'a .tsx component beside a .mts of its stem (W.mjs)',
        component('./W.tsx'),
        { 'W.tsx': widget, 'W.mts': 'export {};\n' },
        [],
      ],
    ])('%s', (_title, spec, files, expected) => {
      expect(codes(analyze(spec, files))).toEqual(expected);
    });

    it('locates the refusal at the path value and names both files', () => {
      const [p] = analyze(component('./W.tsx'), { 'W.tsx': widget, 'W.ts': 'export {};\n' }).problems;
      expect(p).toMatchObject({
        code: 'FARM_E108',
        pointer: '/frontend/components/Widget/path',
        line: expect.any(Number),
        message: expect.stringMatching(
          new RegExp(
            `^${root}/W\\.tsx and ${root}/W\\.ts would both become W\\.js and W\\.d\\.ts in the plugin's package`,
          ),
        ),
      });
    });
  });

  describe('exports', () => {
    it.each<[string, Spec, Record<string, string>, string[]]>([
      [
        'component: function declaration',
        component('./W.tsx'),
        { 'W.tsx': 'export default function W() { return null; }' },
        [],
      ],
      [
        'component: arrow through a const',
        component('./W.tsx'),
        { 'W.tsx': 'const W = () => null;\nexport default W;' },
        [],
      ],
      [
        'component: class',
        component('./W.tsx'),
        {
          'W.tsx': `import { Component } from 'react';\nexport default class W extends Component { render() { return null; } }`,
        },
        [],
      ],
      [
        'component: memo',
        component('./W.tsx'),
        { 'W.tsx': `import { memo } from 'react';\nfunction W() { return null; }\nexport default memo(W);` },
        [],
      ],
      [
        'component: React.forwardRef in a const',
        component('./W.tsx'),
        {
          'W.tsx': `import React from 'react';\nconst W = React.forwardRef((p, ref) => null);\nexport { W as default };`,
        },
        [],
      ],
      [
        'component: re-exported default',
        component('./index.ts'),
        { 'index.ts': `export { default } from './W';`, 'W.tsx': 'export default () => null;' },
        [],
      ],
      [
        'component: no default export',
        component('./W.tsx'),
        { 'W.tsx': 'export function W() { return null; }' },
        ['FARM_E080'],
      ],
      [
        'component: default export is a string',
        component('./W.tsx'),
        { 'W.tsx': `export default 'W';` },
        ['FARM_E080'],
      ],
      [
        'component: a class that is no component',
        component('./W.tsx'),
        { 'W.tsx': 'export default class W {}' },
        ['FARM_E080'],
      ],
      ['component: a stylesheet', component('./W.css'), { 'W.css': 'p {}' }, ['FARM_E088']], // not a module the app can import at all
      [
        'component: a page route',
        { frontend: { routes: [{ path: '/x', component: 'XPage' }] } },
        { 'pages/XPage.tsx': 'export const XPage = () => null;' },
        ['FARM_E080'],
      ],
      ['hook: function', hook('useX'), { 'hooks/h.ts': 'export function useX() {}' }, []],
      [
        'hook: arrow const and a re-export',
        hook('useY'),
        { 'hooks/h.ts': `export { useY } from './y';`, 'hooks/y.ts': 'export const useY = () => 1;' },
        [],
      ],
      [
        'hook: missing, with the near name',
        hook('useAuth'),
        { 'hooks/h.ts': 'export function useAuht() {}' },
        ['FARM_E081'],
      ],
      ['hook: a type', hook('useX'), { 'hooks/h.ts': 'export type useX = () => void;' }, ['FARM_E081']],
      [
        'router: APIRouter through an alias',
        backend('routers', 'r'),
        { 'mod.py': 'from fastapi import APIRouter as R\nr = R()\n' },
        [],
      ],
      [
        'router: fastapi.APIRouter',
        backend('routers', 'r'),
        { 'mod.py': 'import fastapi\nr = fastapi.APIRouter(prefix="/x")\n' },
        [],
      ],
      [
        'router: made by a function',
        backend('routers', 'r'),
        { 'mod.py': 'def make(): ...\nr = make()\n' },
        ['FARM_E082'],
      ],
      ['router: a function', backend('routers', 'r'), { 'mod.py': 'def r(): ...\n' }, ['FARM_E082']],
      [
        'router: only inside a function',
        backend('routers', 'r'),
        { 'mod.py': 'from fastapi import APIRouter\ndef f():\n    r = APIRouter()\n' },
        ['FARM_E082'],
      ],
      ['middleware: class', backend('middleware', 'M'), { 'mod.py': 'class M: ...\n' }, []],
      [
        'middleware: alias to a class of another module',
        backend('middleware', 'm'),
        { 'mod.py': 'from .impl import Impl\nm = Impl\n', 'impl.py': 'class Impl: ...\n' },
        [],
      ],
      [
        'middleware: a function',
        backend('middleware', 'm'),
        { 'mod.py': 'def m(request, call_next): ...\n' },
        ['FARM_E083'],
      ],
      [
        'middleware: alias to an outside class',
        backend('middleware', 'm'),
        { 'mod.py': 'from starlette.middleware.base import BaseHTTPMiddleware\nm = BaseHTTPMiddleware\n' },
        ['FARM_E083'],
      ],
      [
        'model: class',
        backend('models', 'User'),
        { 'mod.py': 'from pydantic import BaseModel\nclass User(BaseModel):\n    name: str\n' },
        [],
      ],
      ['model: missing', backend('models', 'User'), { 'mod.py': 'class Users: ...\n' }, ['FARM_E084']],
      ['provider: all four methods', provider('p'), { 'providers/p.py': `${fullProvider}p = P\n` }, []],
      [
        'provider: inherited from a plugin base class',
        provider('P2'),
        {
          'providers/p.py': 'from ..base import Base\nclass P2(Base):\n    def chat(self): ...\n',
          'base.py': fullProvider.replace('class P:', 'class Base:'),
        },
        [],
      ],
      [
        'provider: inherited from outside the plugin does not count',
        provider('P'),
        {
          'providers/p.py': 'from farm.ai.provider import AIProvider\nclass P(AIProvider):\n    def chat(self): ...\n',
        },
        ['FARM_E085'],
      ],
      ['provider: not a class', provider('p'), { 'providers/p.py': 'p = 1\n' }, ['FARM_E085']],
      [
        'task, pipeline and endpoint: defined',
        { ...backend('tasks', 'cleanup'), ai: { endpoints: { go: { path: './mod.py', method: 'POST' } } } },
        { 'mod.py': 'def cleanup(): ...\nasync def go(payload): ...\n' },
        [],
      ],
      ['task: missing', backend('tasks', 'cleanup'), { 'mod.py': 'def clean(): ...\n' }, ['FARM_E086']],
      ['a TS file as a router', backend('routers', 'r', './r.ts'), { 'r.ts': 'export const r = 1;' }, ['FARM_E082']],
    ])('%s', (_title, spec, files, expected) => {
      expect(codes(analyze(spec, files))).toEqual(expected);
    });

    it('explains the miss and points at the manifest entry', () => {
      const [p] = analyze(hook('useAuth'), { 'hooks/h.ts': 'export function useAuht() {}' }).problems;
      expect(p).toMatchObject({ code: 'FARM_E081', file: `${root}/plugin.json`, pointer: '/frontend/hooks/useAuth' });
      expect(p!.message).toBe(`hook useAuth: ${root}/hooks/h.ts does not export "useAuth" (it exports "useAuht")`);
      expect(p!.line).toBeGreaterThan(1);
      const [q] = analyze(provider('P'), { 'providers/p.py': 'class P:\n    def chat(self): ...\n' }).problems;
      expect(q!.message).toMatch(/lacks generate, embed, health_check/);
    });
    // Issue 12 item 3: `export` names the module attribute; re-exports and aliases inside the plugin are followed.
    describe('exports named by `export`', () => {
      it.each<[string, Spec, Record<string, string>, string[]]>([
        [
          'router: `router = APIRouter()` under the key users',
          exported('routers', 'users', './routers/users.py', 'router'),
          { 'routers/users.py': usersRouter },
          [],
        ],
        [
          'router: re-exported from a sibling module',
          exported('routers', 'users', './routers/__init__.py', 'router'),
          { 'routers/__init__.py': 'from .users import router\n', 'routers/users.py': usersRouter },
          [],
        ],
        [
          'router: an alias of a re-export',
          exported('routers', 'users', './routers/api.py', 'users_router'),
          { 'routers/api.py': 'from .users import router\n\nusers_router = router\n', 'routers/users.py': usersRouter },
          [],
        ],
        [
          'router: an attribute of a sibling module',
          exported('routers', 'users', './routers/api.py', 'router'),
          { 'routers/api.py': 'from . import users\n\nrouter = users.router\n', 'routers/users.py': usersRouter },
          [],
        ],
        [
          'router: through farm_plugins.<alias>',
          exported('routers', 'users', './api.py', 'router'),
          {
            'api.py': 'import farm_plugins.p.routers.users as users\nrouter = users.router\n',
            'routers/users.py': usersRouter,
          },
          [],
        ],
        [
          'router: through a star import',
          exported('routers', 'users', './routers/__init__.py', 'router'),
          { 'routers/__init__.py': 'from .users import *\n', 'routers/users.py': usersRouter },
          [],
        ],
        [
          'router: a re-export of something else',
          exported('routers', 'users', './routers/__init__.py', 'router'),
          {
            'routers/__init__.py': 'from .users import router\n',
            'routers/users.py': 'def make(): ...\nrouter = make()\n',
          },
          ['FARM_E082'],
        ],
        [
          'router: the key is no longer the name looked up',
          exported('routers', 'users', './routers/users.py', 'router'),
          { 'routers/users.py': 'from fastapi import APIRouter\nusers = APIRouter()\n' },
          ['FARM_E082'],
        ],
        [
          'router: imported from outside the plugin',
          exported('routers', 'users', './routers/users.py', 'router'),
          { 'routers/users.py': 'from some_package.routers import router\n' },
          ['FARM_E082'],
        ],
        [
          'router: an alias cycle',
          exported('routers', 'users', './r.py', 'a'),
          { 'r.py': 'a = b\nb = a\n' },
          ['FARM_E082'],
        ],
        [
          'model: key Account, class User',
          exported('models', 'Account', './models.py', 'User'),
          { 'models.py': 'from pydantic import BaseModel\nclass User(BaseModel):\n    name: str\n' },
          [],
        ],
        [
          'task: export names the function',
          exported('tasks', 'nightly', './tasks.py', 'cleanup'),
          { 'tasks.py': 'def cleanup(): ...\n' },
          [],
        ],
        [
          'task: re-exported from a module that does not define it',
          exported('tasks', 'nightly', './tasks/__init__.py', 'cleanup'),
          { 'tasks/__init__.py': 'from .jobs import cleanup\n', 'tasks/jobs.py': 'def clean(): ...\n' },
          ['FARM_E086'],
        ],
        [
          'task: from a module that is not in the plugin',
          exported('tasks', 'nightly', './tasks.py', 'cleanup'),
          { 'tasks.py': 'from .jobs import cleanup\n' },
          ['FARM_E086'],
        ],
        [
          'a Python keyword as the key, with an export',
          exported('tasks', 'class', './tasks.py', 'klass'),
          { 'tasks.py': 'def klass(): ...\n' },
          [],
        ],
        [
          'a Python keyword as the export',
          exported('tasks', 'nightly', './tasks.py', 'class'),
          { 'tasks.py': 'def f(): ...\n' },
          ['FARM_E051'],
        ],
        [
          'component: a named export',
          namedComponent('Card', './Card.tsx'),
          { 'Card.tsx': 'export function Card() { return null; }\n' },
          [],
        ],
        [
          'component: a default export re-exported by name',
          namedComponent('Card'),
          {
            'components/index.ts': `export { default as Card } from './Card';\n`,
            'components/Card.tsx': 'export default () => null;\n',
          },
          [],
        ],
        [
          'component: through export *',
          namedComponent('Card'),
          {
            'components/index.ts': `export * from './cards';\n`,
            'components/cards.tsx': `import { memo } from 'react';\nexport const Card = memo(() => null);\n`,
          },
          [],
        ],
        [
          'component: export "default" is the default',
          namedComponent('default', './Card.tsx'),
          { 'Card.tsx': 'export default function Card() { return null; }\n' },
          [],
        ],
        [
          'component: the named export is not a component',
          namedComponent('Card', './Card.tsx'),
          { 'Card.tsx': `export const Card = 'card';\n` },
          ['FARM_E080'],
        ],
        [
          'component: no such named export',
          namedComponent('Card', './Card.tsx'),
          { 'Card.tsx': 'export default function Card() { return null; }\n' },
          ['FARM_E080'],
        ],
        [
          'component: re-exported from a package',
          namedComponent('Card'),
          { 'components/index.ts': `export { Card } from '@acme/ui';\n` },
          ['FARM_E080'],
        ],
        [
          'hook: export names another named export, through export *',
          { frontend: { hooks: { useSession: { path: './hooks/index.ts', export: 'useAuthSession' } } } },
          {
            'hooks/index.ts': `export * from './session';\n`,
            'hooks/session.ts': 'export function useAuthSession() {}\n',
          },
          [],
        ],
        [
          'provider: export names the class',
          { ai: { providers: { local: { path: './p.py', export: 'P', models: [], capabilities: [] } } } },
          { 'p.py': fullProvider },
          [],
        ],
        [
          'provider: embed = None',
          provider('P'),
          { 'providers/p.py': `${fullProvider}    embed = None\n` },
          ['FARM_E085'],
        ],
        [
          'provider: an abstract method of its plugin base class',
          provider('P'),
          {
            'providers/p.py':
              'from .base import Base\nclass P(Base):\n    def generate(self): ...\n    def chat(self): ...\n    def health_check(self): ...\n',
            'providers/base.py':
              'from abc import ABC, abstractmethod\nclass Base(ABC):\n    @abstractmethod\n    def embed(self): ...\n',
          },
          ['FARM_E085'],
        ],
        [
          'provider: an abstract method implemented by the subclass',
          provider('P'),
          {
            'providers/p.py':
              'from .base import Base\nclass P(Base):\n    def generate(self): ...\n    def chat(self): ...\n    def embed(self): ...\n    def health_check(self): ...\n',
            'providers/base.py':
              'import abc\nclass Base(abc.ABC):\n    @abc.abstractmethod\n    def embed(self): ...\n',
          },
          [],
        ],
        [
          'provider: a mixin earlier in the MRO implements what the base leaves None',
          provider('P'),
          {
            'providers/p.py':
              'class Base:\n    def generate(self): ...\n    def chat(self): ...\n    def health_check(self): ...\n    embed = None\nclass Embeds:\n    def embed(self): ...\nclass P(Embeds, Base): ...\n',
          },
          [],
        ],
        [
          "provider: C3, not depth-first (the diamond's shared base comes last)",
          provider('P'),
          {
            'providers/p.py':
              'class Root:\n    def generate(self): ...\n    def chat(self): ...\n    def health_check(self): ...\n    def embed(self): ...\nclass A(Root): ...\nclass B(Root):\n    embed = None\nclass P(A, B): ...\n',
          },
          ['FARM_E085'],
        ],
      ])('%s', (_title, spec, files, expected) => {
        expect(codes(analyze(spec, files))).toEqual(expected);
      });

      it('says how the name was followed, and never "outside the plugin" for a re-export inside it', () => {
        const message = (spec: Spec, files: Record<string, string>) =>
          analyze(spec, files)
            .problems.map((p) => p.message)
            .join('\n');
        expect(
          message(exported('routers', 'users', './routers/__init__.py', 'router'), {
            'routers/__init__.py': 'from .users import router\n',
            'routers/users.py': 'def make(): ...\nrouter = make()\n',
          }),
        ).toBe(
          `router users (export router): ${root}/routers/__init__.py imports router from ${root}/routers/users.py (line 1), which assigns router = make(…) at line 2, not APIRouter(…)`,
        );
        expect(
          message(exported('routers', 'users', './r.py', 'router'), {
            'r.py': 'from some_package.routers import router\n',
          }),
        ).toMatch(/imports router from some_package\.routers \(line 1\), outside the plugin/);
        expect(
          message(exported('tasks', 'nightly', './tasks/__init__.py', 'cleanup'), {
            'tasks/__init__.py': 'from .jobs import cleanup\n',
            'tasks/jobs.py': 'def clean(): ...\n',
          }),
        ).toBe(
          `task nightly (export cleanup): ${root}/tasks/__init__.py imports cleanup from ${root}/tasks/jobs.py (line 1), which does not define cleanup`,
        );
        expect(message(provider('P'), { 'providers/p.py': `${fullProvider}    embed = None\n` })).toBe(
          `provider P: ${root}/providers/p.py defines class P (line 1), which lacks embed (= None in P, line 6)`,
        );
        expect(message(exported('routers', 'users', './r.py', 'a'), { 'r.py': 'a = b\nb = a\n' })).toMatch(
          /assigns a = b \(line 1\), which assigns b = a \(line 2\), which leads back to a \(a cycle of aliases or imports\)/,
        );
        expect(
          message(namedComponent('Card'), { 'components/index.ts': `export { Card } from '@acme/ui';\n` }),
        ).toMatch(/re-exports "Card" from '@acme\/ui', outside the plugin/);
        const [keyword] = analyze(exported('tasks', 'nightly', './tasks.py', 'class'), {
          'tasks.py': 'def f(): ...\n',
        }).problems;
        expect(keyword).toMatchObject({ code: 'FARM_E051', pointer: '/backend/tasks/nightly/export' });
      });
    });
  });

  it('reports files it cannot analyze instead of passing them', () => {
    const a = analyze(backend('routers', 'r'), { 'mod.py': 'def r(:\n', 'a.ts': 'const = ;' });
    expect(codes(a)).toEqual(['FARM_E079', 'FARM_E079']);
    expect(a.problems.map((p) => `${p.file}:${p.line}`)).toEqual([`${root}/a.ts:1`, `${root}/mod.py:1`]);
  });

  it('reports a Python analyzer that could not run', () => {
    const loaded = fixtureManifest({ name: '@farm/p' });
    const { analyzePluginCode } = jest.requireActual<typeof import('./analyze-plugin-code')>('./analyze-plugin-code');
    const a = analyzePluginCode({
      loaded,
      scripts: [],
      python: { files: [] },
      paths: { realRoot: '/ws/' + root, real: {} },
      pythonError: 'spawn /w/.venv/bin/python ENOENT',
    });
    expect(codes(a)).toEqual(['FARM_E079']);
  });
});
