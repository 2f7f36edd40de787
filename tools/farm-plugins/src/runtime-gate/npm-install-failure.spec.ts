import { formatProblem } from '../core/errors';
import { npmInstallProblems, type DeclaredNpmPackage } from './npm-install-failure';

const declared: DeclaredNpmPackage[] = [
  {
    name: 'clsx',
    range: '^9.0.0',
    plugin: '@t/a',
    file: 'libs/plugins/a/plugin.json',
    pointer: '/frontend/dependencies/0',
  },
];

describe('npmInstallProblems', () => {
  it('blames the package npm names, at its declaration', () => {
    const [found] = npmInstallProblems(
      { status: 1, stderr: 'npm error code ETARGET\nnpm error notarget No matching version found for clsx@^9.0.0.\n' },
      declared,
    );
    expect(found).toMatchObject({ code: 'FARM_E094', plugin: '@t/a', pointer: '/frontend/dependencies/0' });
  });

  it('says npm was ended by a signal (a kill -9, the OOM killer), once per plugin, and that no package is at fault', () => {
    const both = [...declared, { ...declared[0]!, name: 'nanoid', pointer: '/frontend/dependencies/1' }];
    const problems = npmInstallProblems({ status: 1, stderr: '', signal: 'SIGKILL' }, both);
    expect(problems.map((p) => formatProblem(p).replace(/\s+/g, ' '))).toEqual([
      `FARM_E116 plugin "@t/a" (libs/plugins/a/plugin.json /frontend/dependencies/0): npm was ended by SIGKILL while installing this plugin's packages (a kill from outside, the OOM killer, or the gate's 10-minute guard), not by an error about a package; nothing is written fix: run the same command again`,
    ]);
  });
});
