import type { SourceFacts } from '../types';
import { reachedSkippedPaths } from './reached-paths';

const root = 'libs/plugins/p';
const ts = (file: string, ...specifiers: string[]): SourceFacts => ({
  file,
  findings: [],
  hosts: [],
  env: [],
  files: [],
  modules: [],
  comments: [],
  imports: specifiers.map((specifier) => ({ file, line: 1, column: 1, specifier })),
});
const py = (path: string, module: string, level: number, ...names: string[]) => ({
  path,
  symbols: {
    classes: [],
    assignments: [],
    functions: [],
    imports: [{ module, level, line: 1, names: names.map((name) => ({ name, asname: null })) }],
  },
});
const skipped = [
  `${root}/dist`,
  `${root}/tests`,
  `${root}/.hidden`,
  `${root}/lib/x.spec.ts`,
  `${root}/lib/conftest.py`,
];
const reached = (facts: SourceFacts[], python: ReturnType<typeof py>[] = []) =>
  reachedSkippedPaths({ root, alias: 'p', facts, python, skipped });

describe('reachedSkippedPaths', () => {
  it.each([
    ['a relative import into a skipped folder', [ts(`${root}/a.ts`, '../p/dist/x.js')], [`${root}/dist`]],
    ['a folder import', [ts(`${root}/a.ts`, './tests')], [`${root}/tests`]],
    ['a test file, extension left out', [ts(`${root}/lib/a.ts`, './x.spec')], [`${root}/lib/x.spec.ts`]],
    ['a dot-folder, from a subfolder', [ts(`${root}/lib/a.ts`, '../.hidden/y')], [`${root}/.hidden`]],
    ['an import of the plugin’s own code only', [ts(`${root}/a.ts`, './lib/b', './distance')], []],
  ])('%s', (_what, facts, expected) => expect(reached(facts)).toEqual(expected));

  it('follows relative and farm_plugins.<alias> Python imports, and imported names as submodules', () => {
    expect(reached([], [py(`${root}/routers/r.py`, 'tests.helpers', 2)])).toEqual([`${root}/tests`]);
    expect(reached([], [py(`${root}/routers/r.py`, '', 2, 'dist')])).toEqual([`${root}/dist`]);
    expect(reached([], [py(`${root}/lib/r.py`, '', 1, 'conftest')])).toEqual([`${root}/lib/conftest.py`]);
    expect(reached([], [py(`${root}/r.py`, 'farm_plugins.p.tests.helpers', 0)])).toEqual([`${root}/tests`]);
    expect(reached([], [py(`${root}/r.py`, 'farm_plugins.other.tests', 0), py(`${root}/r.py`, 'tests', 0)])).toEqual(
      [],
    );
  });
});
