import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { normalizePackageName } from '../core/plan';

/** `name==version` as the lock writes a pin: PEP 503 name, lower-case version. */
export const pinKey = (name: string, version: string) => `${normalizePackageName(name)}==${version.toLowerCase()}`;

/**
 * The distributions installed in the venv whose interpreter is `python` (`<venv>/bin/python`), as
 * pin keys (`python-jose==3.3.0`), read from the names of its site-packages' `*.dist-info`
 * folders — `{name}-{version}.dist-info`, the wheel spec's (PEP 427, PEP 491), which uv and pip
 * write. That is what `uv pip freeze` lists, without its process (~0.2–0.4 s of every `add`'s
 * runtime gate). A folder it cannot read (an `.egg-info`, an unusual name) is left out, so its
 * package counts as missing and is staged again: slower, never wrong. Undefined when `python`
 * is not a venv's (no `pyvenv.cfg` above its `bin/`) or the venv has not exactly one
 * `lib/pythonX.Y/site-packages`: the caller asks uv then.
 */
export function installedDistributions(python: string): Set<string> | undefined {
  const venv = dirname(dirname(python));
  if (!existsSync(join(venv, 'pyvenv.cfg'))) return undefined;
  let site: string;
  try {
    const versions = readdirSync(join(venv, 'lib')).filter((name) => /^python\d+\.\d+t?$/.test(name));
    if (versions.length !== 1) return undefined;
    site = join(venv, 'lib', versions[0]!, 'site-packages');
    const keys = new Set<string>();
    for (const entry of readdirSync(site)) {
      // The version has no '-' (the spec escapes it to '_'), so the last '-' splits name from version.
      const [, name, version] = /^(.+)-([^-]+)\.dist-info$/.exec(entry) ?? [];
      if (name && version) keys.add(pinKey(name, version));
    }
    return keys;
  } catch {
    return undefined;
  }
}
