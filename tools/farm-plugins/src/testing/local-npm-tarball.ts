import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * An npm package made by the real `npm pack` into `destination` (a folder), as a registry would
 * serve it but with no registry: `<name>-<version>.tgz` holding package.json (`main` index.js,
 * `types` index.d.ts) and `files` (paths relative to the package, folders made: a bundled
 * `node_modules/<dep>/package.json` ships when package.json lists it in bundleDependencies). Returns the tarball's absolute path.
 */
export function packLocalPackage(
  destination: string,
  name: string,
  version: string,
  files: Record<string, string> = { 'index.js': 'module.exports = {};\n', 'index.d.ts': 'export {};\n' },
): string {
  const source = mkdtempSync(join(tmpdir(), 'farm-local-npm-'));
  try {
    writeFileSync(
      join(source, 'package.json'),
      JSON.stringify({ name, version, main: 'index.js', types: 'index.d.ts' }),
    );
    for (const [path, contents] of Object.entries(files)) {
      mkdirSync(dirname(join(source, path)), { recursive: true });
      writeFileSync(join(source, path), contents);
    }
    mkdirSync(destination, { recursive: true });
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', destination], {
      cwd: source,
      encoding: 'utf8',
    }).trim();
    return join(destination, packed.split('\n').at(-1)!);
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
}
