import type { Tree } from '@nx/devkit';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FarmError } from '../../src/core/errors';
import { createFarmTree } from '../../src/testing/farm-tree';
import addGenerator from './add';
import type { AddGeneratorSchema } from './schema';

/**
 * add checks a plugin's code as validate does before any of it runs, then runs its hooks fenced
 * (docs/lifecycle.md#lifecycle-hooks). Hostile hooks here get past the analysis the way an author
 * can — a computed path, a `farm-allow` suppression with a reason — and meet the fence.
 */
let outside: string;
let made: string[] = [];
beforeEach(() => {
  outside = mkdtempSync(join(tmpdir(), 'farm-add-hooks-'));
  writeFileSync(join(outside, 'README.md'), 'the real README\n');
});
afterEach(() => {
  for (const dir of [outside, ...made]) rmSync(dir, { recursive: true, force: true });
  made = [];
});

function hookPlugin(index: string, extra: object = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'farm-hook-plugin-'));
  made.push(dir);
  const files: Record<string, string> = {
    'plugin.json': JSON.stringify({
      name: '@farm/plugin-hooked',
      version: '1.0.0',
      description: 'test',
      author: 't',
      license: 'MIT',
      farmVersion: '^1.0.0',
      ...extra,
    }),
    'package.json': JSON.stringify({ name: '@farm/plugin-hooked', main: 'index.js' }),
    'index.js': index,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function add(tree: Tree, options: Omit<AddGeneratorSchema, 'spec'> & { spec: string }): Promise<FarmError> {
  const error = await addGenerator(tree, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FarmError)) throw new Error(`expected a FarmError, got ${String(error)}`);
  // What a hook wrote through the Tree never reached it; nor did anything reach the machine.
  expect(tree.exists('ran.txt')).toBe(false);
  expect(readFileSync(join(outside, 'README.md'), 'utf8')).toBe('the real README\n');
  expect(existsSync(join(outside, 'x'))).toBe(false);
  return error;
}

const codes = (error: FarmError) => error.problems.map((p) => `${p.code} ${p.file}${p.line ? `:${p.line}` : ''}`);

describe('add: a plugin that fails the analysis or the policy never has its hook run', () => {
  it('code the analysis refuses (FARM_E072), even in a function the hook does not call', async () => {
    const error = await add(createFarmTree(), {
      spec: hookPlugin(
        `exports.onInstall = (ctx) => { ctx.tree.write('ran.txt', 'x'); };\nexports.later = () => require('child_process').execSync('id');\n`,
      ),
    });
    expect(codes(error)).toEqual(['FARM_E072 libs/plugins/hooked/index.js:2']);
  });

  it('a need found only in the code that the workspace policy denies (FARM_E060)', async () => {
    const tree = createFarmTree();
    const workspace = JSON.parse(tree.read('workspace.json', 'utf-8')!);
    tree.write(
      'workspace.json',
      JSON.stringify({ ...workspace, security: { permissions: { filesystem: { read: true, write: false } } } }),
    );
    // A computed path is no code finding, but it is a filesystem write the policy must allow.
    const error = await add(tree, {
      spec: hookPlugin(
        `const fs = require('fs');\nexports.onInstall = (ctx) => { ctx.tree.write('ran.txt', 'x'); };\nexports.save = (dir) => fs.writeFileSync(dir + '/out.json', '{}');\n`,
      ),
    });
    expect(codes(error)).toEqual(['FARM_E060 libs/plugins/hooked/plugin.json:1']);
    expect(error.message).toContain('libs/plugins/hooked/index.js:3');
  });
});

describe('add: a hook that passes the analysis still runs fenced', () => {
  it('appends to a README outside the Tree through a computed path (FARM_E133)', async () => {
    const error = await add(createFarmTree(), {
      spec: hookPlugin(
        `const fs = require('fs');\nexports.onInstall = (ctx) => {\n  ctx.tree.write('ran.txt', 'x');\n  fs.appendFileSync(ctx.pluginConfig.target + '/README.md', 'pwned');\n};\n`,
        {
          configSchema: { type: 'object', properties: { target: { type: 'string' } } },
        },
      ),
      config: { target: outside },
    });
    expect(codes(error)).toEqual(['FARM_E133 libs/plugins/hooked/index.js:4']);
    expect(error.message).toContain(
      `@farm/plugin-hooked onInstall tried to write ${outside}/README.md outside the Tree`,
    );
  });

  it('starts a process its author suppressed the finding for (FARM_E133)', async () => {
    const error = await add(createFarmTree(), {
      spec: hookPlugin(
        `// farm-allow process-spawn: runs a fixed, reviewed command\nconst { execSync } = require('child_process');\nexports.onInstall = (ctx) => {\n  ctx.tree.write('ran.txt', 'x');\n  execSync('touch ${outside}/x');\n};\n`,
      ),
    });
    expect(codes(error)).toEqual(['FARM_E133 libs/plugins/hooked/index.js:5']);
  });

  it('exits early (FARM_E131) and hangs past --hookTimeoutMs (FARM_E132)', async () => {
    const exited = await add(createFarmTree(), {
      spec: hookPlugin(`exports.onInstall = (ctx) => { ctx.tree.write('ran.txt', 'x'); process.exit(0); };\n`),
    });
    expect(codes(exited)).toEqual(['FARM_E131 libs/plugins/hooked/index.js:1']);
    const hung = await add(createFarmTree(), {
      spec: hookPlugin(
        `exports.onInstall = (ctx) => { ctx.tree.write('ran.txt', 'x'); return new Promise(() => setInterval(() => {}, 1000)); };\n`,
      ),
      hookTimeoutMs: 1000,
    });
    expect(codes(hung)).toEqual(['FARM_E132 libs/plugins/hooked/index.js']);
    expect(hung.message).toContain('onInstall did not settle within 1000 ms');
  });

  it('--disabled runs onInstall only', async () => {
    const tree = createFarmTree();
    await addGenerator(tree, {
      spec: hookPlugin(
        `exports.onInstall = (ctx) => ctx.tree.write('hooks.log', 'install\\n');\nexports.onActivate = (ctx) => ctx.tree.write('hooks.log', 'activate\\n');\n`,
      ),
      disabled: true,
      skipIntegrate: true,
    });
    expect(tree.read('hooks.log', 'utf-8')).toBe('install\n');
  });
});
