import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearInstallPending, markInstallPending, pendingInstallsPath, readPendingInstalls } from './pending-installs';

describe('the record of installs a written change still owes', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'farm-pending-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('owes what was marked until each install clears itself, then is gone', () => {
    expect(readPendingInstalls(root)).toBeUndefined();
    markInstallPending(root, 'python', { lockFile: '/w/apps/backend/requirements.lock', backend: 'backend' });
    markInstallPending(root, 'npm', { packages: ['b'] });
    markInstallPending(root, 'npm', { packages: ['a', 'b'] });
    expect(readPendingInstalls(root)).toEqual({
      python: { lockFile: '/w/apps/backend/requirements.lock', backend: 'backend' },
      npm: { packages: ['a', 'b'] },
    });
    clearInstallPending(root, 'python');
    expect(readPendingInstalls(root)).toEqual({ npm: { packages: ['a', 'b'] } });
    clearInstallPending(root, 'npm');
    expect(existsSync(pendingInstallsPath(root))).toBe(false);
  });

  it('reads an unreadable record as nothing owed', () => {
    markInstallPending(root, 'npm', { packages: ['a'] });
    writeFileSync(pendingInstallsPath(root), '{"npm": ');
    expect(readPendingInstalls(root)).toBeUndefined();
  });
});
