import { planFixtures } from '../../testing/plan-fixtures';

/** integrate's warnings for one plugin declaring `dependencies`, the app having `installed`. */
function warnings(dependencies: { name: string; version?: string }[], installed: Record<string, string>) {
  const { problems } = planFixtures([{ name: '@farm/np', frontend: { dependencies } }], {
    installedPackages: installed,
  });
  return problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, fix: p.fix }));
}

describe('frontend.dependencies against the app (FARM_E054, a warning)', () => {
  it('says nothing when the app has a version in range', () => {
    expect(warnings([{ name: 'clsx', version: '^2.0.0' }], { clsx: '2.1.1' })).toEqual([]);
  });

  it('a missing registry package: npm install name@range, quoted for the shell', () => {
    expect(warnings([{ name: 'clsx', version: '^2.0.0' }], {})).toEqual([
      {
        code: 'FARM_E054',
        severity: 'warning',
        message: 'needs npm package clsx@^2.0.0, which the app does not have',
        fix: "npm install 'clsx@^2.0.0'",
      },
    ]);
    expect(warnings([{ name: 'left-pad', version: '>=1.0.0 <2' }], {})).toEqual([
      expect.objectContaining({ fix: "npm install 'left-pad@>=1.0.0 <2'" }),
    ]);
    expect(warnings([{ name: 'clsx', version: '2.1.1' }], {})).toEqual([
      expect.objectContaining({ fix: 'npm install clsx@2.1.1' }),
    ]);
  });

  it('a version out of range names the version the app has, not "installed" (it may be package.json’s)', () => {
    expect(warnings([{ name: 'clsx', version: '^3.0.0' }], { clsx: '2.0.0' })).toEqual([
      expect.objectContaining({ message: 'needs npm package clsx@^3.0.0 but the app has clsx@2.0.0' }),
    ]);
  });

  it('a version out of range is not fixed by a bare install, which could downgrade the app', () => {
    expect(warnings([{ name: 'react', version: '^17.0.0' }], { react: '19.3.1' })).toEqual([
      expect.objectContaining({
        fix: "use a version of @farm/np made for react@19.3.1, or move the app to 'react@^17.0.0' if all its code supports that",
      }),
    ]);
  });

  it('a git spec: the fix says to read it first, since npm runs its scripts as it installs it', () => {
    const spec = 'git+https://github.com/acme/widget.git#v1';
    expect(warnings([{ name: 'widget', version: spec }], {})).toEqual([
      expect.objectContaining({
        fix: `review ${spec} first (npm runs its scripts as it installs it), then npm install 'widget@${spec}'`,
      }),
    ]);
  });
});
