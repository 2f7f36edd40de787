import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { checkNxPlugin, formatPluginCheckProblems } from './check-nx-plugin';

const pluginRoot = join(__dirname, '../..');

/** scripts/nx-plugin-checks.js on a plugin folder: its exit code and what it printed. */
async function runChecks(root: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(
      process.execPath,
      [join(pluginRoot, 'scripts/nx-plugin-checks.js'), root],
      { cwd: join(pluginRoot, '../..') },
    );
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe('checkNxPlugin (@nx/nx-plugin-checks by hand)', () => {
  // In a child Node, the way nx loads them: some modules load prettier, which jest's VM cannot.
  it('passes @farm/plugins itself: every executor, generator and schema.json', async () => {
    expect(await runChecks(pluginRoot)).toEqual({ code: 0, stderr: '' });
  }, 60_000);

  describe('on a plugin with one mistake of each kind', () => {
    let root: string;
    const write = (path: string, contents: unknown) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), typeof contents === 'string' ? contents : JSON.stringify(contents, null, 2));
    };
    const schema = (properties: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
      $schema: 'https://json-schema.org/schema',
      type: 'object',
      description: 'Options.',
      properties,
      ...more,
    });

    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'farm-nx-plugin-checks-'));
      write('package.json', { name: 'p', executors: './executors.json', generators: './generators.json' });
      write('executors.json', {
        executors: {
          good: {
            implementation: './executors/good/impl',
            schema: './executors/good/schema.json',
            description: 'Fine.',
          },
          gone: {
            implementation: './executors/gone/impl',
            schema: './executors/good/schema.json',
            description: 'Its module is missing.',
          },
          nodefault: { implementation: './executors/nodefault/impl', schema: './executors/good/schema.json' },
          throws: {
            implementation: './executors/throws/impl',
            schema: './executors/nowhere/schema.json',
            description: 'Throws on load.',
          },
        },
      });
      write('executors/good/impl.js', 'module.exports.default = async function run() { return { success: true }; };');
      write('executors/good/schema.json', schema({ verbose: { type: 'boolean', description: 'Say more.' } }));
      write('executors/nodefault/impl.js', 'module.exports.run = async function run() {};');
      write('executors/throws/impl.js', "throw new Error('broken at load');");
      write('executors/orphan/schema.json', schema({}));
      write('generators.json', {
        generators: {
          make: {
            factory: './generators/make/index#make',
            schema: './generators/make/schema.json',
            description: 'Makes.',
            aliases: ['build'],
          },
          build: {
            factory: './generators/make/index#missing',
            schema: './generators/bad/schema.json',
            description: 'Builds.',
          },
          text: {
            factory: './generators/make/index#make',
            schema: './generators/text/schema.json',
            description: 'Not JSON.',
          },
        },
      });
      write('generators/make/index.js', 'exports.make = async function make() {};');
      write(
        'generators/make/schema.json',
        schema(
          {
            name: { type: 'string', description: 'Name.', alias: 'n' },
            other: { type: 'string', descripton: 'misspelt', alias: 'name' },
            third: { type: 'string', description: 'Third.', alias: 'n' },
          },
          { required: ['name', 'nmae'] },
        ),
      );
      write('generators/bad/schema.json', { type: 'string', properties: { x: { type: 'strng', description: 'X.' } } });
      write('generators/text/schema.json', '{ "type": "object", }');
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('reports each at its file and JSON pointer, in one pass', () => {
      const lines = formatPluginCheckProblems(checkNxPlugin(root)).split('\n');
      const expected: [string, RegExp][] = [
        ['executors.json#/executors/gone/implementation', /executors\/gone\/impl resolves to no file/],
        ['executors.json#/executors/nodefault/description', /is missing/],
        ['executors.json#/executors/nodefault/implementation', /has no default export that is a function/],
        ['executors.json#/executors/throws/implementation', /fails to load: broken at load/],
        ['executors.json#/executors/throws/schema', /nowhere\/schema.json does not exist/],
        ['executors/orphan/schema.json#', /is not registered in executors.json/],
        ['generators.json#/generators/make/aliases/0', /"build" already names the generator "build"/],
        ['generators.json#/generators/build/factory', /has no export "missing" that is a function/],
        ['generators/make/schema.json#/properties/other/description', /--help prints "undefined" for --other/],
        ['generators/make/schema.json#/properties/other/alias', /"name" is already --name/],
        ['generators/make/schema.json#/properties/third/alias', /"n" is already --name/],
        ['generators/make/schema.json#/required/1', /"nmae" is not a property/],
        ['generators/make/schema.json#', /not a valid JSON Schema: strict mode: unknown keyword: "descripton"/],
        ['generators/bad/schema.json#/$schema', /is missing/],
        ['generators/bad/schema.json#/type', /must be "object"/],
        ['generators/bad/schema.json#/description', /is missing/],
        ['generators/bad/schema.json#', /not a valid JSON Schema/],
        ['generators/text/schema.json#', /is not JSON/],
      ];
      for (const [where, message] of expected) {
        expect(lines.filter((line) => line.startsWith(`${where}: `) && message.test(line))).toHaveLength(1);
      }
      expect(lines).toHaveLength(expected.length);
    });

    it('fail the lint script (exit 1), one line a problem', async () => {
      const { code, stderr } = await runChecks(root);
      expect(code).toBe(1);
      expect(stderr).toContain(
        'executors.json#/executors/gone/implementation: ./executors/gone/impl resolves to no file',
      );
      expect(stderr).toContain(`18 problem(s) in the Nx plugin at ${root}`);
    }, 60_000);

    it('reports a package.json that names no executors.json', () => {
      write('package.json', { name: 'p', generators: './generators.json' });
      try {
        expect(checkNxPlugin(root)).toContainEqual({
          file: 'package.json',
          pointer: '/executors',
          message: expect.stringMatching(/names no executors.json/),
        });
      } finally {
        write('package.json', { name: 'p', executors: './executors.json', generators: './generators.json' });
      }
    });
  });
});
