import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FarmError } from '../../src/core/errors';
import { treeFingerprint } from '../../src/testing/farm-tree';
import { hookTimeoutMs, pluginContext, runLifecycleHooks, type LifecycleHook } from './lifecycle';
import { createPluginCodeCopy } from './plugin-code-copy';

/**
 * Hostile and well-behaved hooks, run through the fence as the generators run them. Each hostile
 * hook must leave the Tree and the machine as they were and fail with a located FARM error.
 */
const root = 'libs/plugins/h';
let outside: string;

beforeEach(() => {
  // A folder of the machine outside the Tree: a workspace README and a /tmp target the hooks aim at.
  outside = mkdtempSync(join(tmpdir(), 'farm-fence-'));
  writeFileSync(join(outside, 'README.md'), 'the real README\n');
});
afterEach(() => rmSync(outside, { recursive: true, force: true }));

interface Run {
  tree: Tree;
  before: string;
  error?: FarmError;
  logs: string[];
  ms: number;
}

async function run(
  files: Record<string, string>,
  options: { hooks?: LifecycleHook[]; timeoutMs?: number; main?: string } = {},
): Promise<Run> {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('README.md', 'the Tree README\n');
  tree.write('notes/old.txt', 'old\n');
  tree.write(`${root}/package.json`, JSON.stringify({ name: '@t/h', main: options.main ?? 'index.js' }));
  for (const [path, text] of Object.entries(files)) tree.write(`${root}/${path}`, text);
  const before = treeFingerprint(tree);
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const context = {
    ...pluginContext(
      tree,
      { farmVersion: '1.0.0', plugins: {} },
      { name: '@t/h', version: '1.0.0', root },
      { target: outside },
    ),
    logger: { info: log, warn: log, error: log, debug: log },
  };
  const code = createPluginCodeCopy(tree);
  const start = Date.now();
  try {
    const error = await runLifecycleHooks(code.copy(root), options.hooks ?? ['onInstall'], context, {
      timeoutMs: options.timeoutMs,
    }).then(
      () => undefined,
      (e: FarmError) => e,
    );
    return { tree, before, error, logs, ms: Date.now() - start };
  } finally {
    code.dispose();
  }
}

/** The one problem of a failed run, and proof that nothing changed. */
function refused(result: Run) {
  expect(result.error).toBeInstanceOf(FarmError);
  expect(treeFingerprint(result.tree)).toBe(result.before);
  expect(readFileSync(join(outside, 'README.md'), 'utf8')).toBe('the real README\n');
  expect(existsSync(join(outside, 'x'))).toBe(false);
  return result.error!.problems;
}

describe('runLifecycleHooks: a well-behaved hook', () => {
  it('reads, writes, renames and deletes through the Tree; the changes reach the generator, in order', async () => {
    const result = await run(
      {
        'index.js': `exports.onInstall = async (ctx) => {
  ctx.logger.info('installing ' + ctx.plugin.name + ' farm ' + ctx.farmVersion + ' in ' + ctx.environment);
  ctx.tree.write('hooks.log', ctx.tree.read('README.md', 'utf-8').toUpperCase());
  ctx.tree.rename('notes/old.txt', 'notes/new.txt');
  ctx.tree.write('bin/run', '#!/bin/sh\\n');
  ctx.tree.changePermissions('bin/run', '755');
  await new Promise((r) => setTimeout(r, 10));
};
exports.onActivate = (ctx) => {
  ctx.tree.write('hooks.log', ctx.tree.read('hooks.log', 'utf-8') + 'activated; notes: ' + ctx.tree.children('notes').join(',') + '\\n');
  ctx.tree.delete('notes');
};`,
      },
      { hooks: ['onInstall', 'onActivate'] },
    );
    expect(result.error).toBeUndefined();
    expect(result.tree.read('hooks.log', 'utf-8')).toBe('THE TREE README\nactivated; notes: new.txt\n');
    expect(result.tree.exists('notes/old.txt')).toBe(false);
    expect(result.tree.exists('notes/new.txt')).toBe(false);
    expect(result.tree.listChanges().find((c) => c.path === 'bin/run')?.options).toEqual({ mode: '755' });
    expect(result.logs).toEqual(['@t/h: onInstall', 'installing @t/h farm 1.0.0 in development', '@t/h: onActivate']);
  });

  it('loads a TypeScript entry, and skips hooks the module does not export', async () => {
    const result = await run(
      {
        'src/index.ts': `import { suffix } from './suffix';\ninterface Ctx { tree: { write(path: string, text: string): void } }\nexport async function onInstall(ctx: Ctx): Promise<void> {\n  ctx.tree.write('ts.txt', 'typed' + suffix);\n}\n`,
        'src/suffix.ts': `export const suffix: string = '!';\n`,
      },
      { main: 'src/index.ts', hooks: ['onInstall', 'onActivate'] },
    );
    expect(result.error).toBeUndefined();
    expect(result.tree.read('ts.txt', 'utf-8')).toBe('typed!');
  });

  it('loads an ES module entry', async () => {
    const result = await run(
      { 'index.mjs': `export const onInstall = (ctx) => ctx.tree.write('esm.txt', 'esm');\n` },
      { main: 'index.mjs' },
    );
    expect(result.error).toBeUndefined();
    expect(result.tree.read('esm.txt', 'utf-8')).toBe('esm');
  });

  it('does nothing for a plugin without package.json or without main', async () => {
    for (const packageJson of [undefined, JSON.stringify({ name: '@t/h' })]) {
      const tree = createTreeWithEmptyWorkspace();
      if (packageJson) tree.write(`${root}/package.json`, packageJson);
      tree.write(`${root}/index.js`, `exports.onInstall = (ctx) => ctx.tree.write('ran.txt', 'x');`);
      const before = treeFingerprint(tree);
      const code = createPluginCodeCopy(tree);
      try {
        await runLifecycleHooks(
          code.copy(root),
          ['onInstall'],
          pluginContext(tree, { farmVersion: '1.0.0', plugins: {} }, { name: '@t/h', version: '1', root }, {}),
        );
      } finally {
        code.dispose();
      }
      expect(treeFingerprint(tree)).toBe(before);
    }
  });
});

describe('runLifecycleHooks: a hostile hook changes nothing and is a located FARM error', () => {
  it('throws (FARM_E130, at its line)', async () => {
    const [p] = refused(
      await run({
        'index.js': `exports.onInstall = (ctx) => {\n  ctx.tree.write('touched.txt', 'x');\n  throw new Error('no database');\n};`,
      }),
    );
    expect(p).toMatchObject({ code: 'FARM_E130', plugin: '@t/h', file: `${root}/index.js`, line: 3 });
    expect(p!.message).toBe('@t/h onInstall failed: no database. Nothing was changed.');
  });

  it('throws from TypeScript (FARM_E130, at the line of the .ts file, through its source map)', async () => {
    const [p] = refused(
      await run(
        {
          'index.ts': `interface Db {\n  url: string;\n}\n\nexport async function onInstall(): Promise<void> {\n  const db: Db = { url: '' };\n  throw new Error('no database at ' + db.url);\n}\n`,
        },
        { main: 'index.ts' },
      ),
    );
    expect(p).toMatchObject({ code: 'FARM_E130', file: `${root}/index.ts`, line: 7 });
  });

  it('throws from a timer after the hook returned (FARM_E130)', async () => {
    const [p] = refused(
      await run({
        'index.js': `exports.onInstall = (ctx) => { ctx.tree.write('t.txt', 'x'); setTimeout(() => { throw new Error('late'); }); return new Promise(() => setTimeout(() => {}, 5000)); };`,
      }),
    );
    expect(p).toMatchObject({ code: 'FARM_E130', file: `${root}/index.js`, line: 1 });
    expect(p!.message).toContain('late (thrown outside the hook');
  });

  it('cannot be loaded (FARM_E130)', async () => {
    const [p] = refused(await run({ 'index.js': `require('./missing-module');` }));
    expect(p).toMatchObject({ code: 'FARM_E130', file: `${root}/index.js` });
    expect(p!.message).toMatch(
      /^@t\/h onInstall failed: cannot load libs\/plugins\/h\/index\.js: Cannot find module '\.\/missing-module'/,
    );
  });

  it('calls process.exit(0) (FARM_E131, at the call)', async () => {
    const [p] = refused(
      await run({
        'index.js': `exports.onInstall = (ctx) => {\n  ctx.tree.write('touched.txt', 'x');\n  process.exit(0);\n};`,
      }),
    );
    expect(p).toMatchObject({ code: 'FARM_E131', file: `${root}/index.js`, line: 3 });
    expect(p!.message).toBe('@t/h onInstall called process.exit(0) before the hook settled. Nothing was changed.');
  });

  it('kills its own process (FARM_E131)', async () => {
    const [p] = refused(await run({ 'index.js': `exports.onInstall = () => process.kill(process.pid, 'SIGKILL');` }));
    expect(p).toMatchObject({ code: 'FARM_E131', file: `${root}/index.js` });
    expect(p!.message).toContain('was killed (SIGKILL) before the hook settled');
  });

  it('never settles while keeping its process busy: stopped at the time limit (FARM_E132)', async () => {
    const result = await run(
      {
        'index.js': `exports.onInstall = (ctx) => { ctx.tree.write('t.txt', 'x'); return new Promise(() => setInterval(() => {}, 1000)); };`,
      },
      { timeoutMs: 1500 },
    );
    const [p] = refused(result);
    expect(p).toMatchObject({ code: 'FARM_E132', file: `${root}/index.js` });
    expect(p!.message).toBe(
      '@t/h onInstall did not settle within 1500 ms; its process was stopped. Nothing was changed.',
    );
    expect(result.ms).toBeLessThan(15_000);
  });

  it('returns a promise that nothing can settle (FARM_E132, without waiting for the limit)', async () => {
    const result = await run({ 'index.js': `exports.onInstall = () => new Promise(() => {});` });
    const [p] = refused(result);
    expect(p!.code).toBe('FARM_E132');
    expect(p!.message).toContain('returned a promise that can never settle');
    expect(result.ms).toBeLessThan(15_000);
  });

  it('writes a file outside the Tree with fs, even when it catches the refusal (FARM_E133)', async () => {
    const [p] = refused(
      await run({
        'index.js': `const fs = require('fs');\nexports.onInstall = (ctx) => {\n  try { fs.writeFileSync(ctx.pluginConfig.target + '/x', 'pwned'); } catch {}\n  ctx.tree.write('ok.txt', 'x');\n};`,
      }),
    );
    expect(p).toMatchObject({ code: 'FARM_E133', file: `${root}/index.js`, line: 3 });
    expect(p!.message).toBe(
      `@t/h onInstall tried to write ${outside}/x outside the Tree; the hook fence refused it. Nothing was changed.`,
    );
  });

  it('appends to the real README.md with fs/promises (FARM_E133)', async () => {
    const [p] = refused(
      await run({
        'index.js': `const { appendFile } = require('fs/promises');\nexports.onInstall = async (ctx) => {\n  await appendFile(ctx.pluginConfig.target + '/README.md', 'pwned');\n};`,
      }),
    );
    expect(p).toMatchObject({ code: 'FARM_E133', line: 3 });
    expect(p!.message).toContain(`tried to write ${outside}/README.md outside the Tree`);
  });

  it('writes a file relative to its working directory with fs (FARM_E133)', async () => {
    const [p] = refused(
      await run({
        'index.js': `const fs = require('fs');\nexports.onInstall = () => fs.writeFileSync('README.md', 'pwned');`,
      }),
    );
    expect(p!.code).toBe('FARM_E133');
  });

  it.each([
    [
      'starts a child process',
      `require('child_process').execSync('touch ' + ctx.pluginConfig.target + '/x')`,
      'start a child process',
    ],
    [
      'starts a detached child process',
      `require('child_process').spawn('sh', ['-c', 'touch ' + ctx.pluginConfig.target + '/x'], { detached: true })`,
      'start a child process',
    ],
    [
      'starts a worker thread',
      `new (require('worker_threads').Worker)('require("fs").writeFileSync(process.argv[2], "x")', { eval: true })`,
      'start a worker thread',
    ],
    [
      'loads a native addon',
      `process.dlopen({ exports: {} }, ctx.pluginConfig.target + '/x.node')`,
      'load a native addon',
    ],
    [
      'opens the inspector, catching the refusal',
      `try { require('inspector').open(0); } catch {}`,
      'open the inspector',
    ],
    [
      'uses WASI, catching the refusal',
      `try { new (require('wasi').WASI)({ version: 'preview1' }); } catch {}`,
      'run WebAssembly with WASI',
    ],
  ])('%s (FARM_E133)', async (_what, call, attempted) => {
    const [p] = refused(await run({ 'index.js': `exports.onInstall = (ctx) => {\n  ${call};\n};` }));
    expect(p).toMatchObject({ code: 'FARM_E133', file: `${root}/index.js`, line: 2 });
    expect(p!.message).toContain(`tried to ${attempted}`);
  });

  it.each([['../escape.txt'], ['.git/hooks/pre-commit']])('writes %s through the Tree (FARM_E134)', async (path) => {
    const [p] = refused(
      await run({
        'index.js': `exports.onInstall = (ctx) => { ctx.tree.write('fine.txt', 'x'); ctx.tree.write(${JSON.stringify(path)}, 'x'); };`,
      }),
    );
    expect(p).toMatchObject({ code: 'FARM_E134', file: `${root}/index.js` });
    expect(p!.message).toContain(`@t/h onInstall wrote "${path}" through the Tree`);
  });

  it.each([
    ['outside the plugin', '../../../outside.js', 'is outside the plugin'],
    ['at a missing file', 'dist/index.js', 'which is not a file of the plugin'],
  ])('has a main %s (FARM_E130, at package.json)', async (_what, main, message) => {
    const [p] = refused(await run({}, { main }));
    expect(p).toMatchObject({ code: 'FARM_E130', file: `${root}/package.json`, pointer: '/main' });
    expect(p!.message).toContain(message);
  });
});

describe('hookTimeoutMs', () => {
  const saved = process.env.FARM_HOOK_TIMEOUT_MS;
  afterEach(() => {
    if (saved === undefined) delete process.env.FARM_HOOK_TIMEOUT_MS;
    else process.env.FARM_HOOK_TIMEOUT_MS = saved;
  });

  it('is the option, else $FARM_HOOK_TIMEOUT_MS, else 60 s; anything but a positive whole number is refused', () => {
    delete process.env.FARM_HOOK_TIMEOUT_MS;
    expect(hookTimeoutMs()).toBe(60_000);
    process.env.FARM_HOOK_TIMEOUT_MS = '2500';
    expect(hookTimeoutMs()).toBe(2500);
    expect(hookTimeoutMs(100)).toBe(100);
    process.env.FARM_HOOK_TIMEOUT_MS = '1.5s';
    expect(() => hookTimeoutMs()).toThrow(
      'FARM_HOOK_TIMEOUT_MS=1.5s: the hook time limit must be a whole number of milliseconds above 0',
    );
    expect(() => hookTimeoutMs(0)).toThrow(/hookTimeoutMs=0/);
  });
});
