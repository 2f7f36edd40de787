import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markInstallPending, readPendingInstalls } from '../workspace-io/pending-installs';
import { syncVenv } from './sync-venv';
import { venvDir } from './venv-paths';

/** The venv's site-packages (`lib/python3.X/site-packages`, whichever python3 made it). */
const site = (root: string) => {
  const lib = readdirSync(join(venvDir(root), 'lib'))[0]!; // one pythonX.Y folder in a new venv
  return join(venvDir(root), 'lib', lib, 'site-packages');
};
/** The compiled bytecode of a pure-Python module of the venv (`six.py` → its __pycache__ entry). */
const sixBytecode = (root: string) =>
  readdirSync(join(site(root), '__pycache__'), { withFileTypes: true }).some((e) => e.name.startsWith('six.'));

// uv itself installs and compiles; the question is only whether the venv ends with bytecode.
describe('syncing the venv', () => {
  jest.setTimeout(120_000);
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  const workspace = () => {
    const root = mkdtempSync(join(tmpdir(), 'farm-sync-venv-'));
    roots.push(root);
    writeFileSync(join(root, 'requirements.lock'), 'six==1.17.0\n');
    return root;
  };

  it('compiles the bytecode of what it installs, as pip does (the backend and its gate never write it)', () => {
    const root = workspace();
    syncVenv(root, join(root, 'requirements.lock'));
    expect(sixBytecode(root)).toBe(true);
  });

  it("clears the sync an interrupted change owed for the same lock (the message's `nx run backend:sync-deps`), not another's", () => {
    const root = workspace();
    const lock = join(root, 'requirements.lock');
    markInstallPending(root, 'python', { lockFile: join(root, 'other.lock'), backend: 'backend' });
    syncVenv(root, lock, { compileBytecode: false });
    expect(readPendingInstalls(root)?.python?.lockFile).toBe(join(root, 'other.lock'));
    markInstallPending(root, 'python', { lockFile: lock, backend: 'backend' });
    syncVenv(root, lock, { compileBytecode: false });
    expect(readPendingInstalls(root)).toBeUndefined();
  });

  it('leaves it to Python when told not to compile', () => {
    const root = workspace();
    syncVenv(root, join(root, 'requirements.lock'), { compileBytecode: false });
    expect(existsSync(join(site(root), 'six.py'))).toBe(true);
    expect(existsSync(join(site(root), '__pycache__')) && sixBytecode(root)).toBe(false);
  });
});
