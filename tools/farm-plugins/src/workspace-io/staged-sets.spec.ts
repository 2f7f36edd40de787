import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchFor } from './staged-sets';

// A gate killed mid-install (kill -9) leaves `<set>.<pid>.<ms>.tmp`; the next gate removes it at once.
describe('scratchFor', () => {
  let cache: string;
  beforeEach(() => (cache = mkdtempSync(join(tmpdir(), 'farm-staged-sets-test-'))));
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  it("removes the scratch of a dead process, keeps a live one's and the sets, and holds its own", () => {
    // A pid above Linux's pid_max (4194304) is no process.
    const dead = join(cache, `abc.${4_194_305 + 1}.1700000000000.tmp`);
    const live = join(cache, `abc.${process.ppid}.1700000000000.tmp`);
    const set = join(cache, 'abc');
    for (const folder of [dead, live, set]) mkdirSync(folder);

    const scratch = scratchFor(cache, join(cache, 'def'));
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(set)).toBe(true);
    expect(scratch.path).toMatch(new RegExp(`def\\.${process.pid}\\.\\d+\\.tmp$`));

    mkdirSync(scratch.path);
    scratch.remove();
    expect(existsSync(scratch.path)).toBe(false);
  });
});
