import type { ProjectConfiguration } from '@nx/devkit';
import { posix } from 'node:path';
import { integrateExecutor } from './infer-host-targets';
import type { TargetInputs } from './tool-inputs';

/** A host app's project root and where integrate writes its generated code, workspace-relative. */
export interface GateHost {
  kind: 'backend' | 'frontend';
  root: string;
  outDir: string;
}

/** The host apps a project.json declares (targets run by `@farm/plugins:integrate` with a `host`). */
export function gateHostsOf(root: string, projectJson: Pick<ProjectConfiguration, 'targets'> | undefined): GateHost[] {
  return Object.values(projectJson?.targets ?? {}).flatMap((target) => {
    const kind = target?.options?.host;
    if (target?.executor !== integrateExecutor || (kind !== 'backend' && kind !== 'frontend')) return [];
    return [
      { kind, root, outDir: posix.join(root, (target.options?.outputPath as string | undefined) ?? 'src/plugins') },
    ];
  });
}

/**
 * What validate's runtime gate reads besides the plugin and its dependencies: the backend host's
 * own Python (its src, not the generated wiring — validate generates its own candidate) and the
 * lock the venv is synced from (what it can import); the frontend's tsconfig and the TypeScript,
 * React and React Router versions that judge its pages, and the Vite whose resolver judges its
 * imports of packages' files. Without them a cache hit could hide a
 * failure a host or package change causes.
 */
export function gateInputs(hosts: readonly GateHost[]): TargetInputs {
  const inputs: TargetInputs = [];
  for (const host of [...hosts].sort((a, b) => a.root.localeCompare(b.root))) {
    const at = `{workspaceRoot}/${host.root}`;
    if (host.kind === 'backend')
      inputs.push(
        `${at}/src/**/*.py`,
        `!{workspaceRoot}/${host.outDir}/**`,
        `${at}/requirements.lock`,
        '{workspaceRoot}/uv.lock',
      );
    else inputs.push(`${at}/tsconfig.json`);
  }
  if (hosts.some((h) => h.kind === 'frontend'))
    inputs.push({ externalDependencies: ['@types/react', 'react-router', 'typescript-7', 'vite'] });
  return inputs;
}
