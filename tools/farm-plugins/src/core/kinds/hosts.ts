import { posix } from 'node:path';
import { packageInit } from '../emit/fastapi/package-init';
import type { PythonModuleFrame } from '../emit/fastapi/python-module';
import type { IntegrationPlan } from '../plan/types';
import { aiConfigModule } from './ai/ai-part';
import { integrationModule } from './backend/python-part';
import type { HostName } from './types';

/**
 * A host app as FARM sees it. The Nx project is found by its `@farm/plugins:integrate` target
 * (whose `host` option names one of these); everything else about the host is here.
 */
export interface HostDefinition {
  name: HostName;
  /** Where integrate writes, relative to the project root (the executor's `outputPath` default). */
  outputPath: string;
  /** The line comment that heads each generated file. */
  comment: '#' | '//';
  /** Files of the host itself rather than of one kind, emitted before the kinds' files. */
  files?(plan: IntegrationPlan): { file: string; contents: string }[];
  /** Setup modules assembled from the kinds' parts (KindEmitter `module`), by file name. */
  modules?: Readonly<Record<string, PythonModuleFrame>>;
  /** What picks up newly written code while the dev loop runs, for its progress line. */
  reloads: string;
}

/** The host apps: the React frontend (Vite) and the FastAPI backend (uvicorn). */
export const hostTable: Readonly<Record<HostName, HostDefinition>> = {
  frontend: { name: 'frontend', outputPath: 'src/plugins', comment: '//', reloads: 'Vite updates the page' },
  backend: {
    name: 'backend',
    outputPath: 'src/plugins',
    comment: '#',
    files: (plan) => [{ file: '__init__.py', contents: packageInit(plan) }],
    modules: {
      [integrationModule]: {
        import: 'from fastapi import FastAPI',
        signature: 'def setup_plugin_integrations(app: FastAPI) -> None:',
        docstring: `"""Wire every active plugin's middleware, routers, models and tasks into the app."""`,
      },
      [aiConfigModule]: {
        import: 'from farm.ai.router import AIRouter',
        signature: 'def setup_ai_providers(router: AIRouter) -> None:',
        docstring: `"""Register every active plugin's AI providers, models, pipelines and endpoints."""`,
      },
    },
    reloads: 'uvicorn reloads',
  },
};

export const hostNames: readonly HostName[] = ['backend', 'frontend'];

/** Whether `value` names a host app (the integrate executor's `host` option). */
export function isHostName(value: unknown): value is HostName {
  return value === 'backend' || value === 'frontend';
}

/**
 * Where a host project's generated files go, workspace-relative: its integrate target's
 * `outputPath` (relative to the project root), else the host's default `src/plugins`.
 */
export function hostOutDir(host: HostName, projectRoot: string, outputPath?: string): string {
  return posix.join(projectRoot, outputPath ?? hostTable[host].outputPath);
}
