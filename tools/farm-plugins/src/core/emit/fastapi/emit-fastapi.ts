import { posix } from 'node:path';
import type { IndexDefinition } from '../../manifest';
import type { IntegrationPlan } from '../../plan';
import { generatedHeader, pyLiteral, pyString, type EmitOptions, type GeneratedFile } from '../shared';
import { pythonBody, pythonImports } from './python-imports';

export type FastapiEmitOptions = EmitOptions;

/**
 * The backend's `plugins` package: `__init__.py` mounts every active plugin folder as
 * `farm_plugins.<alias>` and sets its config; `integration.py` wires middleware, routers,
 * models and tasks; `requirements.txt` merges the plugins' Python dependencies.
 */
export function emitFastapi(plan: IntegrationPlan, options: FastapiEmitOptions): GeneratedFile[] {
  const header = generatedHeader('#', options.runCommand);
  const at = (file: string) => posix.join(options.outDir, file);
  return [
    { path: at('__init__.py'), contents: header + packageInit(plan) },
    { path: at('integration.py'), contents: header + integrationModule(plan) },
    { path: at('requirements.txt'), contents: header + requirements(plan) },
  ];
}

function packageInit(plan: IntegrationPlan): string {
  const mounted = plan.plugins.filter((p) => p.hasPythonCode);
  return [
    '"""Active FARM plugins, mounted as farm_plugins.<alias> (see docs/generated-code.md)."""',
    'from farm.plugins import mount_plugin, set_plugin_config',
    '',
    ...mounted.map((p) => `mount_plugin(${pyString(p.pythonAlias)}, ${pyString(p.root)})`),
    ...mounted.map((p) => `set_plugin_config(${pyString(p.name)}, ${pyLiteral(p.config)})`),
    '',
    `PLUGINS = [${mounted.map((p) => pyString(p.name)).join(', ')}]`,
    '',
  ].join('\n');
}

function integrationModule(plan: IntegrationPlan): string {
  const { routers, middleware, tasks, models, collections } = plan.backend;
  const imports = pythonImports([...middleware, ...routers, ...models, ...tasks]);
  const body: string[] = [];
  if (middleware.length) body.push('# Middleware: lowest order runs first on a request, so it is added last (outermost).');
  for (const m of [...middleware].reverse()) {
    // An absent condition is no restriction: ConditionalMiddleware reads an empty list as "none match".
    const conditions = [...(m.paths.length ? [`paths=${pyList(m.paths)}`] : []), ...(m.methods.length ? [`methods=${pyList(m.methods)}`] : [])];
    body.push(conditions.length ? `app.add_middleware(ConditionalMiddleware, middleware=${m.local}, ${conditions.join(', ')})` : `app.add_middleware(${m.local})`);
  }
  for (const r of routers) body.push(`app.include_router(${r.local}, prefix=${pyString(r.prefix)}, tags=${pyList(r.tags)})`);
  for (const m of models) body.push(`register_model(app, ${m.local}, collection=${m.collection === undefined ? 'None' : pyString(m.collection)}, indexes=${pyIndexes(m.indexes)})`);
  for (const c of collections) body.push(`register_collection(app, ${pyString(c.name)}, indexes=${pyIndexes(c.indexes)})`);
  for (const t of tasks) body.push(`register_task(app, ${pyString(t.name)}, ${t.local}, schedule=${optional(t.schedule)}, queue=${optional(t.queue)})`);
  // Only what the body uses: the generated module passes pyflakes (ruff, npm run lint) as written.
  const database = [...(collections.length ? ['register_collection'] : []), ...(models.length ? ['register_model'] : [])];
  const farmImports = [
    ...(database.length ? [`from farm.database import ${database.join(', ')}`] : []),
    ...(middleware.some((m) => m.paths.length || m.methods.length) ? ['from farm.middleware import ConditionalMiddleware'] : []),
    ...(tasks.length ? ['from farm.tasks import register_task'] : []),
  ];
  return [
    'from fastapi import FastAPI',
    '',
    ...farmImports,
    ...(farmImports.length ? [''] : []),
    ...imports,
    ...(imports.length ? [''] : []),
    '',
    'def setup_plugin_integrations(app: FastAPI) -> None:',
    '    """Wire every active plugin\'s middleware, routers, models and tasks into the app."""',
    pythonBody(body),
    '',
  ].join('\n');
}

function requirements(plan: IntegrationPlan): string {
  return plan.backend.requirements.map((r) => `${r.name}${r.specifier}  # ${r.plugins.join(', ')}\n`).join('');
}

function pyList(values: readonly string[]): string {
  return `[${values.map(pyString).join(', ')}]`;
}

function pyIndexes(indexes: readonly IndexDefinition[]): string {
  return pyLiteral(indexes);
}

function optional(value: string | undefined): string {
  return value === undefined ? 'None' : pyString(value);
}
