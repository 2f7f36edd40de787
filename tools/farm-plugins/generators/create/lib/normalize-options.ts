import { offsetFromRoot } from '@nx/devkit';
import { FarmError, problem } from '../../../src/core/errors';
import { isPythonIdentifier, isTsIdentifier } from '../../../src/core/emit/shared';
import { pluginsDir, pythonAliasOf } from '../../../src/core/manifest';
import type { CreateGeneratorSchema } from '../schema';

export interface NormalizedCreateOptions extends Required<Omit<CreateGeneratorSchema, 'description'>> {
  description: string;
  packageName: string;
  root: string;
  pascalName: string;
  snakeName: string;
  componentName: string;
  pythonAlias: string;
  title: string;
  offsetFromRoot: string;
}

export function normalizeCreateOptions(schema: CreateGeneratorSchema): NormalizedCreateOptions {
  const name = schema.name.trim();
  const pascalName = name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
  const snakeName = name.replace(/-/g, '_');
  const componentName = `${pascalName}Widget`;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || !isPythonIdentifier(snakeName) || !isTsIdentifier(pascalName)) {
    throw new FarmError([
      problem('FARM_E051', `"${schema.name}" cannot name a plugin`, {
        fix: 'use kebab-case letters and digits, starting with a letter, not a keyword (e.g. weather, ai-search)',
      }),
    ]);
  }
  const packageName = `@farm/plugin-${name}`;
  const root = `${pluginsDir}/${name}`;
  return {
    name,
    description: schema.description ?? `The ${name} FARM plugin`,
    author: schema.author ?? 'Anonymous',
    frontend: schema.frontend ?? true,
    backend: schema.backend ?? true,
    ai: schema.ai ?? false,
    skipIntegrate: schema.skipIntegrate ?? false,
    packageName,
    root,
    pascalName,
    snakeName,
    componentName,
    pythonAlias: pythonAliasOf(packageName),
    title: name.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    offsetFromRoot: offsetFromRoot(root),
  };
}
