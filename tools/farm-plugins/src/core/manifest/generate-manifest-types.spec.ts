import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pluginSchema from './plugin.schema.json';
import { generatedManifestTypesFile } from './generate-manifest-types';

const workspaceRoot = join(__dirname, '../../../../..');

/** generateManifestTypes in a child Node: the compiler formats with prettier, which jest's VM cannot load. */
async function generate(schema: object): Promise<string> {
  const script = `require(${JSON.stringify(join(__dirname, 'generate-manifest-types.ts'))})
    .generateManifestTypes(JSON.parse(require('node:fs').readFileSync(0, 'utf8')))
    .then((text) => process.stdout.write(text));`;
  const run = promisify(execFile)(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: workspaceRoot,
    env: { ...process.env, SWC_NODE_PROJECT: join(workspaceRoot, 'tools/farm-plugins/tsconfig.json') },
    maxBuffer: 16 * 1024 * 1024,
  });
  run.child.stdin!.end(JSON.stringify(schema));
  return (await run).stdout;
}

/** Every string `description` of a schema object in the tree. */
function descriptions(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(descriptions);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === 'description' && typeof value === 'string' ? [value] : descriptions(value)));
}

describe('manifest types generated from plugin.schema.json', () => {
  const committed = readFileSync(join(__dirname, generatedManifestTypesFile), 'utf8');

  it('are up to date with the schema', async () => {
    // If this fails: node tools/farm-plugins/scripts/precompile-schemas.js, then read the diff.
    expect((await generate(pluginSchema)) === committed).toBe(true);
  }, 60_000);

  it("carry each of the schema's descriptions as a doc comment", () => {
    const all = descriptions(pluginSchema);
    expect(all.length).toBeGreaterThan(20);
    // An array's item schema's description is the array's, prefixed "Items: " by the compiler.
    expect(all.filter((text) => !committed.includes(`* ${text}`) && !committed.includes(`* Items: ${text}`))).toEqual([]);
  });

  it('follow a schema change (a new field and its description)', async () => {
    const changed = structuredClone(pluginSchema) as { properties: Record<string, unknown> };
    changed.properties.homepage = { type: 'string', description: 'Where the plugin is documented.' };
    const text = await generate(changed);
    expect(text).toContain('* Where the plugin is documented.\n   */\n  homepage?: string;');
    expect(text).not.toEqual(committed);
  }, 60_000);
});
