import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { venvPython } from '../python-env';
import { journalPath } from '../workspace-io/file-transaction';
import { runNxGroup, type GroupRun, type KillPlan } from './kill-process-group';
import { compareWithSnapshots, restoreWorkspace, snapshotWorkspace, type WorkspaceSnapshot } from './kill-snapshot';
import type { TempWorkspace } from './temp-workspace';

/**
 * A change to kill (issue 13): the nx command that makes it, and how to bring a fresh workspace
 * to the state it starts from. The kill trials of e2e tests and bench/kill-soak.mjs share these.
 */
export interface KillScenario {
  name: string;
  /** nx arguments, e.g. ['g', '@farm/plugins:add', folder, '--no-interactive']. */
  command: string[];
  /** Brings the workspace (as created) to the old state; runs before the old snapshot. */
  setUp?(root: string): Promise<void> | void;
}

/** A scenario whose old and new workspaces are known: the command was run once, whole. */
export interface PreparedScenario {
  scenario: KillScenario;
  old: WorkspaceSnapshot;
  next: WorkspaceSnapshot;
  /** The whole command's run, ms (the span 'whole run' kills are drawn from). */
  durationMs: number;
  /** How long the journal was seen in that run, ms (the span 'at the commit' kills are drawn from). */
  commitMs: number;
}

/**
 * Where a kill lands: anywhere in the measured run, or just after the journal appears — the few
 * ms of the commit itself, which kills spread over a run of seconds rarely hit.
 */
export type KillMode = 'whole run' | 'at the commit';

/** One kill and what the next command found. */
export interface KillTrial {
  scenario: string;
  mode: KillMode;
  plan: KillPlan;
  /** The command finished before the kill was sent (it counts, as a run that was not interrupted). */
  finishedFirst: boolean;
  journalAtKill: GroupRun['journalAtKill'];
  outcome: 'old' | 'new' | 'torn';
  /** Everything wrong: torn files, a journal left, survivors of the kill, the next command or the import failing. */
  problems: string[];
}

/** Runs nx to completion in `root`; throws with its output unless it exits 0. */
export async function runNxOrThrow(root: string, args: string[]): Promise<GroupRun> {
  const run = await runNxGroup(root, args);
  if (run.status !== 0)
    throw new Error(`nx ${args.join(' ')} exited ${run.status ?? run.signal}:\n${run.output.slice(-4000)}`);
  return run;
}

/**
 * Takes `base` (the workspace as created), applies the scenario's setUp, snapshots the old
 * state, runs the command whole (timed) and snapshots the new one. Throws when the command fails
 * or changes nothing (a trial that cannot tell old from new would prove nothing).
 */
export async function prepareScenario(
  ws: TempWorkspace,
  base: WorkspaceSnapshot,
  scenario: KillScenario,
): Promise<PreparedScenario> {
  restoreWorkspace(ws.root, base);
  await scenario.setUp?.(ws.root);
  const old = snapshotWorkspace(ws.root);
  const run = await runNxOrThrow(ws.root, scenario.command);
  const next = snapshotWorkspace(ws.root);
  if (compareWithSnapshots(next, old, old).outcome === 'old')
    throw new Error(`${scenario.name}: nx ${scenario.command.join(' ')} changed nothing`);
  // A commit too quick for the 1 ms poll still gets a span: a kill lands in it or just after.
  const commitMs = run.journal ? run.journal.lastMs - run.journal.firstMs + 5 : 10;
  return { scenario, old, next, durationMs: run.ms, commitMs };
}

/**
 * One trial: the old workspace back, the command SIGKILLed (its whole process group) at an
 * instant drawn from `random` per `mode`, then the next command (`nx show projects`, whose graph
 * plugin recovers an interrupted change), then the checks: the workspace equals the old or the
 * new snapshot exactly (no 0-byte, cut, staged or mixed file, no stray folder), no journal is
 * left, and the backend imports with the venv's Python.
 */
export async function killTrial(
  ws: TempWorkspace,
  prepared: PreparedScenario,
  mode: KillMode,
  random: () => number,
): Promise<KillTrial> {
  restoreWorkspace(ws.root, prepared.old);
  const span = mode === 'whole run' ? prepared.durationMs : prepared.commitMs;
  const plan: KillPlan = { at: mode === 'whole run' ? 'start' : 'journal', afterMs: Math.round(random() * span) };
  const killed = await runNxGroup(ws.root, prepared.scenario.command, plan);
  const problems: string[] = [];
  if (killed.survivors.length)
    problems.push(`processes of the killed group still alive: ${killed.survivors.join(', ')}`);
  if (!killed.killed && killed.status !== 0)
    problems.push(`the command failed without being killed:\n${killed.output.slice(-2000)}`);
  const recovery = await runNxGroup(ws.root, ['show', 'projects']);
  if (recovery.status !== 0)
    problems.push(
      `nx show projects after the kill exited ${recovery.status ?? recovery.signal}:\n${recovery.output.slice(-2000)}`,
    );
  if (existsSync(journalPath(ws.root))) problems.push('.farm/transaction.json is still there after the next command');
  const verdict = compareWithSnapshots(snapshotWorkspace(ws.root), prepared.old, prepared.next);
  problems.push(...verdict.problems);
  const imported = await backendImports(ws.root);
  if (imported) problems.push(`the backend does not import: ${imported}`);
  return {
    scenario: prepared.scenario.name,
    mode,
    plan,
    finishedFirst: !killed.killed,
    journalAtKill: killed.journalAtKill,
    outcome: verdict.outcome,
    problems,
  };
}

/**
 * `import main` from apps/backend/src with the workspace's `.venv/bin/python` (mongomock, no
 * bytecode written): what uvicorn does first. Returns undefined when it imports cleanly (exit 0,
 * nothing on stderr), else what went wrong.
 */
export function backendImports(root: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(venvPython(root), ['-c', 'import main'], {
      cwd: join(root, 'apps/backend/src'),
      env: { ...process.env, FARM_DATABASE: 'mongomock', PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', (error) => resolve(error.message));
    child.once('close', (status) =>
      resolve(status === 0 && !stderr ? undefined : `exit ${status}: ${stderr.slice(-2000)}`),
    );
  });
}

/**
 * The counts of a set of trials, one line: per outcome, per mode, journals caught at the kill.
 * A report, not a timing claim: how many kills land in the commit depends on the machine.
 */
export function summarizeTrials(trials: readonly KillTrial[]): string {
  const count = (test: (t: KillTrial) => boolean) => trials.filter(test).length;
  const scenarios = [...new Set(trials.map((t) => t.scenario))]
    .map((name) => `${name} ${count((t) => t.scenario === name)}`)
    .join(', ');
  const failed = count((t) => t.problems.length > 0);
  return (
    `${trials.length} kills (${scenarios}): ${count((t) => t.outcome === 'old')} old, ${count((t) => t.outcome === 'new')} new, ${count((t) => t.outcome === 'torn')} torn or mixed, ${failed} with a problem; ` +
    `${count((t) => t.mode === 'whole run')} anywhere in the run, ${count((t) => t.mode === 'at the commit')} at the commit; ` +
    `journal at the kill: ${count((t) => t.journalAtKill === 'prepare')} prepare (rolled back), ${count((t) => t.journalAtKill === 'commit')} commit (completed); ${count((t) => t.finishedFirst)} finished before the kill`
  );
}
