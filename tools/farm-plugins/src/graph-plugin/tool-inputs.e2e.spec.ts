import { execFileSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createTempWorkspace, repoRoot, type TempWorkspace } from '../testing/temp-workspace';

/**
 * The tool's own sources as a cache input of every inferred target, with the real nx CLI in a copy
 * of this workspace that holds the tool itself (tools/farm-plugins, as in a clone), not a link.
 */
describe('the tool is an input of the targets it infers', () => {
  let ws: TempWorkspace;
  beforeAll(() => {
    ws = createTempWorkspace({ ownNodeModules: true });
    rmSync(join(ws.root, 'tools/farm-plugins'), { recursive: true });
    execFileSync('cp', ['-a', join(repoRoot, 'tools/farm-plugins'), join(ws.root, 'tools/farm-plugins')]);
  });
  afterAll(() => ws?.dispose());

  const shown = (project: string) => {
    const { output } = ws.nx(['show', 'project', project, '--json']);
    return JSON.parse(output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1));
  };
  const fromCache = (output: string) =>
    /local cache|existing outputs match the cache|read the output from the cache/.test(output);

  it('validate, typegen, build and both integrate targets list the tool’s sources; nx.json holds no copy', () => {
    const sources = '{workspaceRoot}/tools/farm-plugins/src/**/*';
    const auth = shown('auth').targets;
    for (const target of ['validate', 'typegen', 'build'])
      expect([target, auth[target].inputs]).toEqual([target, expect.arrayContaining([sources])]);
    for (const host of ['frontend', 'backend'])
      expect(shown(host).targets.integrate.inputs).toEqual([
        '{workspaceRoot}/workspace.json',
        '^default',
        expect.any(String),
        expect.any(String),
        sources,
        expect.any(String),
        expect.any(String),
        '{workspaceRoot}/tools/farm-plugins/executors/**/*',
        expect.any(String),
        expect.any(String),
        expect.objectContaining({ externalDependencies: expect.arrayContaining(['ajv', 'ts-morph']) }),
      ]);
    const nxJson = ws.read('nx.json');
    expect(nxJson).not.toContain('tools/farm-plugins');
  });

  it('an edit of an emitter re-runs typegen instead of answering from the cache', () => {
    const typegen = () => ws.nx(['run', 'auth:typegen', '--outputStyle=static']);
    expect(typegen().status).toBe(0);
    const again = typegen();
    expect([again.status, fromCache(again.output)]).toEqual([0, true]);
    appendFileSync(
      join(ws.root, 'tools/farm-plugins/src/core/emit/config-types/emit-typescript-config.ts'),
      '\n// edited\n',
    );
    const edited = typegen();
    expect([edited.status, fromCache(edited.output)]).toEqual([0, false]);
  });
});
