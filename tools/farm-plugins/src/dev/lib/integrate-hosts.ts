import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { createInterface } from 'node:readline';
import { hasErrors, type FarmProblem } from '../../core/errors';
import { integrateHosts } from '../../core/integrate';
import { loadFarmState } from '../../core/state';
import type { GeneratedFile } from '../../core/emit/shared';
import type { IntegrationPlan } from '../../core/plan';
import {
  diskWorkspace,
  diskIntegrationInputs,
  pythonExecutable,
  readTextOrNull,
  writeGeneratedFiles,
} from '../../workspace-io';
import { commitFiles } from '../../workspace-io/file-transaction';
import {
  frontendTypeProblems,
  importFailureProblems,
  pluginsWithChangedLines,
  runBackendGate,
  startupFailureProblems,
} from '../../runtime-gate';
import type { HostProject } from './host-projects';

export interface IntegrateOutcome {
  ok: boolean;
  /** Workspace-relative files whose bytes changed. */
  written: string[];
  /** Host projects whose integrate failed: their last good generated code stays. The others may have written. */
  failed: string[];
  /** Problems, each reported once even when both hosts hit it. */
  problems: FarmProblem[];
  /** The nx CLI's own output, when integrating through it. */
  output?: string;
}

/**
 * The integrate executor's work, in this process: read state once, then resolve → plan → emit per
 * host. A host with errors writes nothing (its last good code stays); a healthy host still writes.
 */
export async function integrateInProcess(
  workspaceRoot: string,
  hosts: readonly HostProject[],
): Promise<IntegrateOutcome> {
  const state = loadFarmState(diskWorkspace(workspaceRoot));
  const inputs = diskIntegrationInputs(workspaceRoot, state);
  const integrated = integrateHosts(state, hosts, inputs);
  const problems = [...integrated.problems];
  const written: string[] = [];
  const failed: string[] = [];
  for (const { host, result } of integrated.hosts) {
    if (hasErrors(result.problems)) {
      failed.push(host.project);
      continue;
    }
    const before = result.files.map((file) => ({
      path: file.path,
      contents: readTextOrNull(join(workspaceRoot, file.path)),
    }));
    const typeErrors =
      host.host === 'frontend' && result.plan ? frontendTypeErrors(workspaceRoot, host, result, before) : [];
    if (typeErrors.length) {
      // Checked before writing: Vite keeps serving the last good wiring.
      problems.push(...typeErrors);
      failed.push(host.project);
      continue;
    }
    const wrote = writeGeneratedFiles(workspaceRoot, result.files).written;
    const failure =
      host.host === 'backend' && wrote.length && result.plan
        ? await backendImportProblems(workspaceRoot, host, result.plan, result.files)
        : [];
    if (failure.length) {
      // The new code does not import: put the last good code back, so uvicorn keeps serving it.
      commitFiles(
        workspaceRoot,
        before.filter((b) => wrote.includes(b.path)),
      );
      problems.push(...failure);
      failed.push(host.project);
      continue;
    }
    written.push(...wrote);
  }
  inputs.configVerdicts.save();
  return { ok: failed.length === 0, written, failed, problems };
}

/**
 * The runtime gate of the dev loop: the backend as just written, imported by its own Python
 * (~1 s, only when the backend's generated code changed), then the plugins' startup code run
 * (farm_gate_startup.py). Its failure is FARM_E103 at the plugin at fault, so the loop names the
 * plugin instead of saying "integrated".
 */
async function backendImportProblems(
  workspaceRoot: string,
  host: HostProject,
  plan: IntegrationPlan,
  files: readonly GeneratedFile[],
): Promise<FarmProblem[]> {
  if (!existsSync(join(workspaceRoot, host.root, 'src/main.py'))) return [];
  const outcome = await runBackendGate(pythonExecutable, {
    root: workspaceRoot,
    src: join(workspaceRoot, host.root, 'src'),
  });
  return outcome.ok
    ? startupFailureProblems(outcome.plugins?.failed ?? [], plan, [workspaceRoot])
    : importFailureProblems(outcome, plan, new Map(files.map((f) => [f.path, f.contents])), [workspaceRoot]);
}

/**
 * The dev loop's TypeScript gate, before the frontend's new wiring is written: the plugins whose
 * generated lines change (a plugin activated, a component or route declared) type-checked as the
 * app's tsconfig checks them (~0.5 s with TypeScript 7), so an edit that breaks the app's types is
 * FARM_E106 at the plugin's file instead of "integrated". Plugins whose wiring did not change are
 * not judged again (their code is what the last check or their own validate judged).
 */
function frontendTypeErrors(
  workspaceRoot: string,
  host: HostProject,
  result: { files: readonly GeneratedFile[]; plan?: IntegrationPlan },
  before: readonly { path: string; contents: string | null }[],
): FarmProblem[] {
  const tsconfig = posix.join(host.root, 'tsconfig.json');
  if (!result.plan || !existsSync(join(workspaceRoot, tsconfig))) return [];
  const changed = pluginsWithChangedLines(new Map(before.map((b) => [b.path, b.contents])), result.files, result.plan);
  if (!changed.size) return [];
  return frontendTypeProblems({
    workspaceRoot,
    tsconfig,
    files: result.files,
    plan: result.plan,
    judged: (plugin) => changed.has(plugin),
  });
}

/** The nx CLI's entry point, from the workspace's own node_modules. */
export function nxBin(workspaceRoot: string): string {
  const pkg = require.resolve('nx/package.json', { paths: [workspaceRoot] });
  const bin = JSON.parse(readFileSync(pkg, 'utf8')).bin;
  return join(dirname(pkg), typeof bin === 'string' ? bin : bin.nx);
}

/**
 * The same through the real CLI (`nx run-many -t integrate -p …`): Nx's cache and task hashing
 * included, at the price of a CLI start (~0.6 s on a cache hit, ~1.8 s on a miss here). The files
 * written are found as data, by comparing the hosts' generated folders before and after — not by
 * reading the executor's log, which a cache hit replays whether or not it restores a file.
 */
export function integrateWithNx(
  workspaceRoot: string,
  hosts: readonly HostProject[],
  onLine: (line: string) => void,
): Promise<IntegrateOutcome> {
  const args = [
    nxBin(workspaceRoot),
    'run-many',
    '-t',
    'integrate',
    '-p',
    hosts.map((h) => h.project).join(','),
    '--outputStyle=static',
  ];
  const env = { ...process.env, NX_TUI: 'false', NX_ISOLATE_PLUGINS: process.env.NX_ISOLATE_PLUGINS ?? 'false' };
  const before = generatedFiles(workspaceRoot, hosts);
  const written = () => changedFiles(before, generatedFiles(workspaceRoot, hosts));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: workspaceRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        output += line + '\n';
        onLine(line);
      });
    }
    // Which of the tasks failed is in nx's output above; all are counted as failed.
    const all = hosts.map((h) => h.project);
    child.once('error', (error) =>
      resolve({ ok: false, written: written(), problems: [], failed: all, output: `${output}${error.message}\n` }),
    );
    child.once('close', (code) =>
      resolve({ ok: code === 0, written: written(), problems: [], failed: code === 0 ? [] : all, output }),
    );
  });
}

/** Every file under the hosts' generated folders, workspace-relative, with its text (a few small files per host). */
export function generatedFiles(
  workspaceRoot: string,
  hosts: readonly Pick<HostProject, 'outDir'>[],
): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(workspaceRoot, dir), { withFileTypes: true });
    } catch {
      return; // not generated yet
    }
    for (const entry of entries) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(path, readTextOrNull(join(workspaceRoot, path)) ?? '');
    }
  };
  hosts.forEach((h) => walk(h.outDir));
  return files;
}

/** The files that appeared or whose bytes changed between two generatedFiles snapshots, sorted. */
export function changedFiles(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  return [...after]
    .filter(([path, contents]) => before.get(path) !== contents)
    .map(([path]) => path)
    .sort();
}
