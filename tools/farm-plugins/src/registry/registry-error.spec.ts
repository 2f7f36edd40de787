import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FarmError } from '../core/errors';
import { parsePluginSpec } from '../../generators/add/lib/parse-plugin-spec';
import { fromNpmError, RegistryError, type NpmErrorContext } from './registry-error';

const docs = readFileSync(join(__dirname, '../../../../docs/errors.md'), 'utf8');
const context: NpmErrorContext = {
  what: 'x@^2 on http://r/',
  registry: 'http://r/',
  credentialsKey: '//r/',
  sentAuth: false,
};

/** The Cause paragraph of a code's section in docs/errors.md. */
function documentedCause(code: string): string {
  const section = docs.split(/^## /m).find((s) => s.startsWith(`${code} `));
  if (!section) throw new Error(`docs/errors.md has no section for ${code}`);
  return /^\*\*Cause:\*\* (.+)$/m.exec(section)?.[1] ?? '';
}

/** What `work` throws: the error npm's own library raises, not one made up to look like it. */
function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

const checks: typeof import('npm-install-checks') = require('npm-install-checks');
const npa: typeof import('npm-package-arg') = require('npm-package-arg');
const pickManifest: (packument: object, wanted: string) => unknown = require('npm-pick-manifest');

describe("npm's refusals reach the FARM code whose documentation names them", () => {
  it.each([
    [
      'ETARGET',
      () =>
        pickManifest(
          { name: 'x', versions: { '1.0.0': { name: 'x', version: '1.0.0' } }, 'dist-tags': { latest: '1.0.0' } },
          '^2',
        ),
    ],
    ['ENOVERSIONS', () => pickManifest({ name: 'x', versions: {}, 'dist-tags': {} }, '^2')],
    [
      'EBADENGINE',
      () =>
        checks.checkEngine({ _id: 'x@2.0.0', engines: { node: '>=99' } } as never, '11.0.0', process.version, false),
    ],
    ['EBADPLATFORM', () => checks.checkPlatform({ _id: 'x@2.0.0', os: ['aix'], cpu: ['s390'] } as never, false)],
    ['EINVALIDPACKAGENAME', () => npa('@@x')],
    ['EINVALIDTAGNAME', () => npa('x@a b')],
    ['EUNSUPPORTEDPROTOCOL', () => npa('foo:bar/x')],
  ])('%s', (npmCode, work) => {
    const error = thrown(work);
    expect((error as { code?: string }).code).toBe(npmCode);
    const mapped = fromNpmError(error, context);
    expect(mapped).toBeInstanceOf(RegistryError);
    const { code, message } = mapped as RegistryError;
    expect(message).toContain(`(npm ${npmCode})`);
    expect({ code, documented: documentedCause(code).includes(npmCode) }).toEqual({
      code: npmCode.startsWith('EINVALID') || npmCode === 'EUNSUPPORTEDPROTOCOL' ? 'FARM_E097' : 'FARM_E094',
      documented: true,
    });
  });

  it.each([
    ['an npm alias', 'x@npm:@farm/plugin-x@1', '`x@npm:y@1`'],
    ['a semver range of git tags', 'github:org/x#semver:^1.0', '`github:org/x#semver:^1.0`'],
  ])('%s is refused as FARM_E097, and documented there', (_, spec, documentedAs) => {
    const error = thrown(() => parsePluginSpec(spec, __dirname));
    expect(error).toBeInstanceOf(FarmError);
    expect((error as FarmError).problems.map((p) => p.code)).toEqual(['FARM_E097']);
    expect(documentedCause('FARM_E097')).toContain(documentedAs);
  });
});
