import type { FarmProblem } from '../errors';
import type { ResolvedPlugin } from '../graph';
import type { FarmEnvironment } from '../manifest';
import { pythonAliasOf } from '../manifest/plugin-names';
import { contributesTo } from '../kinds/entries';
import { kindTable } from '../kinds/table';
import type { HostName, KindModule } from '../kinds/types';
import { PlanContext } from './plan-context';
import type { IntegrationPlan } from './types';

export interface PlanInput {
  /** Active plugins in resolver order. */
  plugins: readonly ResolvedPlugin[];
  environment?: FarmEnvironment;
  /** Whether a workspace-relative file exists (the only question the plan asks of the disk). */
  exists: (file: string) => boolean;
  /**
   * The host to plan for (default: every kind). A host plans only the kinds it consumes — the
   * backend its routers and AI wiring, the frontend its components — so it neither pays for nor
   * fails on the other's.
   */
  host?: HostName;
  /** The plan sections to plan, an older way to say the same (`backend` + `ai` = the backend host). */
  parts?: readonly PlanPart[];
  /** Versions of the npm packages installed for the frontend (FARM_E054; absent: not checked). */
  installedPackages?: (name: string) => string | undefined;
}

export type PlanPart = 'frontend' | 'backend' | 'ai';

/** Resolved plugins → everything each host app must wire, checked for clashes. Pure. */
export function buildIntegrationPlan(input: PlanInput): { plan: IntegrationPlan; problems: FarmProblem[] } {
  const plugins = [...input.plugins];
  const environment = input.environment ?? 'development';
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
      // Mounted as a Python package when the backend consumes any of its entries.
      hasPythonCode: backendKinds.some((kind) => contributesTo(p.loaded.manifest, kind)),
    })),
    frontend: emptySlots('frontend'),
    backend: emptySlots('backend'),
    ai: emptySlots('ai'),
  };
  for (const kind of kindTable) {
    if (!planned(kind, input)) continue;
    const entries = kind.plan({
      plugins,
      ctx,
      byPlugin,
      environment,
      plan,
      installedPackages: input.installedPackages,
    });
    if (kind.slot && entries) (plan[kind.slot[0]] as unknown as Record<string, unknown[]>)[kind.slot[1]] = entries;
  }
  return { plan, problems: ctx.problems };
}

const backendKinds = kindTable.filter((k) => k.host === 'backend');

function planned(kind: KindModule, input: PlanInput): boolean {
  if (input.host) return kind.host === input.host;
  if (input.parts)
    return input.parts.includes(kind.slot?.[0] ?? (kind.section === 'database' ? 'backend' : kind.section));
  return true;
}

/** A plan section with an empty list in the slot of every kind that fills it. */
function emptySlots<S extends 'frontend' | 'backend' | 'ai'>(section: S): IntegrationPlan[S] {
  const slots: Record<string, unknown[]> = {};
  for (const kind of kindTable) if (kind.slot?.[0] === section) slots[kind.slot[1]] = [];
  return slots as unknown as IntegrationPlan[S];
}

/** `a-b` and `a_b` would share the Python package farm_plugins.a_b. */
function reportAliasClashes(plugins: ResolvedPlugin[], ctx: PlanContext): void {
  const seen = new Map<string, string>();
  for (const plugin of plugins) {
    const alias = pythonAliasOf(plugin.name);
    const other = seen.get(alias);
    if (other)
      ctx.report(
        'FARM_E050',
        `Python package farm_plugins.${alias} would be shared by ${other} and ${plugin.name}`,
        plugin,
        '/name',
        'rename one of the plugins',
      );
    else seen.set(alias, plugin.name);
  }
}
