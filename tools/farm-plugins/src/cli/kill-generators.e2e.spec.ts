import { prng } from '../core/testing/prng';
import { removeFolderPlugins } from '../testing/folder-plugin';
import { killablePlugin, killScenarios } from '../testing/kill-scenarios';
import { snapshotWorkspace, type WorkspaceSnapshot } from '../testing/kill-snapshot';
import { killTrial, prepareScenario, summarizeTrials, type KillTrial } from '../testing/kill-trials';
import { createTempWorkspace, type TempWorkspace } from '../testing/temp-workspace';

// kill -9 of add / deactivate / activate / integrate (issue 13): each change's whole process
// group SIGKILLed once at an instant of its run and once during its commit, then the next nx
// command; the workspace must equal the old or the new one exactly (no 0-byte, cut, staged or
// mixed file, no stray folder), no journal is left, and the backend imports. Nx's defaults
// (plugin isolation on). The soak with 50+ kills: node bench/kill-soak.mjs --generators 60.
// The instants come from a seeded PRNG (FARM_KILL_SEED, printed on failure).
const seed = Number(process.env.FARM_KILL_SEED ?? 13);
const plugin = killablePlugin();
const scenarios = killScenarios(plugin);

describe('generators and integrate killed with SIGKILL', () => {
  jest.setTimeout(600_000);
  let ws: TempWorkspace;
  let base: WorkspaceSnapshot;
  const trials: KillTrial[] = [];
  beforeAll(() => {
    ws = createTempWorkspace({ withApps: true });
    base = snapshotWorkspace(ws.root);
  });
  afterAll(() => {
    console.log(`kill trials (seed ${seed}): ${summarizeTrials(trials)}`);
    ws?.dispose();
    removeFolderPlugins();
  });

  it.each(scenarios.map((scenario, index) => [scenario.name, index] as const))(
    '%s leaves the whole old or the whole new workspace',
    async (_name, index) => {
      const random = prng(seed + index);
      const prepared = await prepareScenario(ws, base, scenarios[index]!);
      for (const mode of ['whole run', 'at the commit'] as const) {
        const trial = await killTrial(ws, prepared, mode, random);
        trials.push(trial);
        expect({ seed, mode, plan: trial.plan, problems: trial.problems }).toEqual({
          seed,
          mode,
          plan: trial.plan,
          problems: [],
        });
        expect(['old', 'new']).toContain(trial.outcome);
      }
    },
  );
});
