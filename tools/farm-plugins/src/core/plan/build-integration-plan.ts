import type { FarmProblem } from '../errors';
import type { ResolvedPlugin } from '../graph';
import { contributedKinds, pythonAliasOf, type FarmEnvironment } from '../manifest';
import { PlanContext } from './plan-context';
import { planAI } from './plan-ai';
import { planBackend } from './plan-backend';
import { planFrontend } from './plan-frontend';
import { checkFrontendImports } from './plan-frontend-imports';
import type { IntegrationPlan } from './types';

export interface PlanInput {
  /** Active plugins in resolver order. */
  plugins: readonly ResolvedPlugin[];
  environment?: FarmEnvironment;
  /** Whether a workspace-relative file exists (the only question the plan asks of the disk). */
  exists: (file: string) => boolean;
  /**
   * The parts to plan (default: all). A host plans only what it emits — the backend its routers
   * and AI wiring, the frontend its components — so it neither pays for nor fails on the other's.
   */
  parts?: readonly PlanPart[];
}

export type PlanPart = 'frontend' | 'backend' | 'ai';
const allParts: readonly PlanPart[] = ['frontend', 'backend', 'ai'];

/** Resolved plugins → everything each host app must wire, checked for clashes. Pure. */
export function buildIntegrationPlan(input: PlanInput): { plan: IntegrationPlan; problems: FarmProblem[] } {
  const plugins = [...input.plugins];
  const environment = input.environment ?? 'development';
  const parts = new Set(input.parts ?? allParts);
  const ctx = new PlanContext(input.exists);
  const byPlugin = new Map(plugins.map((p) => [p.name, p]));
  reportAliasClashes(plugins, ctx);
  const plan: IntegrationPlan = {
    environment,
    plugins: plugins.map((p) => ({
      name: p.name,
      projectName: p.projectName,
      pythonAlias: pythonAliasOf(p.name),
      root: p.loaded.root,
      config: p.config,
      hasPythonCode: contributedKinds(p.loaded.manifest).some((k) => k !== 'frontend'),
    })),
    frontend: parts.has('frontend') ? checkFrontendImports(planFrontend(plugins, ctx, byPlugin), ctx, byPlugin) : { components: [], hooks: [], routes: [], styles: [], vitePlugins: [] },
    backend: parts.has('backend') ? planBackend(plugins, ctx, byPlugin, environment) : { routers: [], middleware: [], tasks: [], models: [], collections: [], requirements: [] },
    ai: parts.has('ai') ? planAI(plugins, ctx, byPlugin) : { providers: [], models: [], pipelines: [], endpoints: [] },
  };
  return { plan, problems: ctx.problems };
}

/** `a-b` and `a_b` would share the Python package farm_plugins.a_b. */
function reportAliasClashes(plugins: ResolvedPlugin[], ctx: PlanContext): void {
  const seen = new Map<string, string>();
  for (const plugin of plugins) {
    const alias = pythonAliasOf(plugin.name);
    const other = seen.get(alias);
    if (other) ctx.report('FARM_E050', `Python package farm_plugins.${alias} would be shared by ${other} and ${plugin.name}`, plugin, '/name', 'rename one of the plugins');
    else seen.set(alias, plugin.name);
  }
}
