import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stripByteOrderMark } from '../../../src/core/json';
import { projectNameOf } from '../../../src/core/manifest';

/**
 * Where the official plugins (@farm/auth, @farm/ai-chat …) come from: a published @farm/plugins
 * ships them in `official/`; in this repository they are the sources in libs/plugins, next to the
 * package (tools/farm-plugins → ../../libs/plugins).
 */
export function officialPluginsDir(): string | undefined {
  const packageRoot = dirname(require.resolve('@farm/plugins/package.json'));
  return [join(packageRoot, 'official'), join(packageRoot, '../../libs/plugins')].find((dir) => existsSync(dir));
}

/** The folder of the official plugin `name` (`auth` or `@farm/auth`), if there is one. */
export function findOfficialPlugin(name: string): string | undefined {
  const dir = officialPluginsDir();
  if (!dir) return undefined;
  for (const child of readdirSync(dir).sort()) {
    const manifestFile = join(dir, child, 'plugin.json');
    if (!existsSync(manifestFile)) continue;
    try {
      const manifestName = JSON.parse(stripByteOrderMark(readFileSync(manifestFile, 'utf8'))).name;
      if (manifestName?.startsWith('@farm/') && (manifestName === name || projectNameOf(manifestName) === name))
        return join(dir, child);
    } catch {
      // An unreadable official manifest is reported when it is actually used.
    }
  }
  return undefined;
}
