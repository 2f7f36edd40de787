import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../testing/temp-workspace';
import { appInclude } from './app-root-files';
import { folderListing } from './folder-listing';

/** The real TypeScript 7's root files for the app (`tsc -p … --listFilesOnly`), without its libs and packages. */
function tscRootFiles(root: string): string[] {
  const tsc = join(repoRoot, 'node_modules/typescript-7/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', 'apps/frontend/tsconfig.json', '--listFilesOnly'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`tsc --listFilesOnly failed: ${run.stdout}${run.stderr}`);
  return run.stdout.split('\n').filter((line) => line.startsWith(root) && !line.includes('/node_modules/'));
}

function write(root: string, files: readonly string[]): void {
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), 'export {};\n');
  }
}

// The order decides which global declaration wins (issue 12): held to the real compiler's.
describe('appInclude', () => {
  jest.setTimeout(60_000);
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'farm-app-roots-'));
    mkdirSync(join(root, 'apps/frontend'), { recursive: true });
    cpSync(join(repoRoot, 'apps/frontend/tsconfig.json'), join(root, 'apps/frontend/tsconfig.json'));
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    write(root, [
      'apps/frontend/src/main.tsx',
      'apps/frontend/src/env.d.ts',
      'apps/frontend/src/z.ts',
      'apps/frontend/src/sub/a.ts',
      'apps/frontend/vite.config.ts',
      'apps/frontend/src/notes.js',
      // Upper case, '_', '-', '.' sort by code unit; files before folders; .ts over .tsx and .d.ts.
      ...['b-plug', 'a-plug', 'A-up', '_x', 'z.dot'].flatMap((p) =>
        ['z.ts', 'a.tsx', 'm.d.ts', 'B.ts', 'sub/a.ts', 'sub/deeper/c.tsx'].map((f) => `libs/plugins/${p}/${f}`),
      ),
      ...['a.ts', 'a.tsx', 'a.d.ts', 'b.tsx', 'b.d.ts'].map((f) => `libs/plugins/prio/${f}`),
      'libs/plugins/vendored/node_modules/x/index.d.ts',
    ]);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists the files `tsc -p apps/frontend/tsconfig.json` reads, in its order', () => {
    const app = appInclude(join(root, 'apps/frontend/tsconfig.json'), new Map());
    const ours = app.all();
    expect(ours).toEqual(tscRootFiles(root));
    // What the gate asks: some files in that order, reading only their folders; picked from reachable().
    const some = [
      'libs/plugins/z.dot/m.d.ts',
      'apps/frontend/src/sub/a.ts',
      'libs/plugins/A-up/a.tsx',
      'libs/plugins/prio/a.d.ts',
      'libs/plugins/_x/B.ts',
    ].map((f) => join(root, f));
    expect(app.inOrder(some)).toEqual(ours.filter((f) => some.includes(f)));
    expect(app.inOrder(some)).not.toContain(join(root, 'libs/plugins/prio/a.d.ts'));
    expect(ours.filter((f) => !app.reachable().includes(f))).toEqual([]);
    expect(app.reachable()).not.toContain(join(root, 'libs/plugins/vendored/node_modules/x/index.d.ts'));
    // Not trivially: the include's patterns one after the other, and the shadowed names left out.
    expect(ours.map((f) => f.slice(root.length + 1)).filter((f) => f.includes('/prio/') || f.includes('/_x/'))).toEqual(
      [
        'libs/plugins/_x/B.ts',
        'libs/plugins/_x/m.d.ts',
        'libs/plugins/_x/z.ts',
        'libs/plugins/_x/sub/a.ts',
        'libs/plugins/prio/a.ts',
        'libs/plugins/_x/a.tsx',
        'libs/plugins/_x/sub/deeper/c.tsx',
        'libs/plugins/prio/b.tsx',
      ],
    );
  });

  it("reads the disk through the listing it is given (the gate's, shared with its backend half), each folder once", () => {
    const tsconfig = join(root, 'apps/frontend/tsconfig.json');
    const own = appInclude(tsconfig, new Map());
    const expected = { all: own.all(), reachable: own.reachable() };
    const disk = folderListing();
    // The backend half read the plugin folders first; a file written since is not the gate's disk.
    disk(join(root, 'libs/plugins/a-plug'));
    write(root, ['libs/plugins/a-plug/later.ts']);
    const app = appInclude(tsconfig, new Map(), disk);
    // The same lists as its own listing's, without the file written after the gate read the folder.
    expect(app.all()).toEqual(expected.all);
    expect(app.reachable()).toEqual(expected.reachable);
    expect(app.inOrder(expected.all.slice(0, 3))).toEqual(expected.all.slice(0, 3));
    expect(appInclude(tsconfig, new Map()).all()).toContain(join(root, 'libs/plugins/a-plug/later.ts'));
  });

  it('reads the workspace as the change leaves it: files and folders only the overlay has, and its deletions', () => {
    const overlay = new Map<string, string | null>([
      [join(root, 'libs/plugins/0-new/types/window.d.ts'), 'export {};\n'],
      [join(root, 'libs/plugins/0-new/index.tsx'), 'export {};\n'],
      [join(root, 'libs/plugins/a-plug/z.ts'), null],
      [join(root, 'apps/frontend/src/plugins/routes.tsx'), 'export {};\n'],
    ]);
    const app = appInclude(join(root, 'apps/frontend/tsconfig.json'), overlay);
    const ours = app.all();
    const reachable = app.reachable();
    for (const [path, text] of overlay)
      if (text === null) rmSync(path);
      else write(root, [path.slice(root.length + 1)]);
    expect(ours).toEqual(tscRootFiles(root));
    expect(ours).toContain(join(root, 'libs/plugins/0-new/types/window.d.ts'));
    expect(reachable).toContain(join(root, 'libs/plugins/0-new/index.tsx'));
    expect(reachable).not.toContain(join(root, 'libs/plugins/a-plug/z.ts'));
    expect(
      app.inOrder([join(root, 'libs/plugins/0-new/index.tsx'), join(root, 'libs/plugins/0-new/types/window.d.ts')]),
    ).toEqual([join(root, 'libs/plugins/0-new/types/window.d.ts'), join(root, 'libs/plugins/0-new/index.tsx')]);
  });
});
