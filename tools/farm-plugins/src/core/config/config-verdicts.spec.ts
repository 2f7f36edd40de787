import { fixtureManifest } from '../testing/manifest-fixtures';
import { configVerdictDigest, memoryConfigVerdicts } from './config-verdicts';
import { resolvePluginConfig } from './resolve-plugin-config';

const schema = {
  type: 'object' as const,
  properties: {
    level: { type: 'string', enum: ['info', 'debug'], default: 'info' },
    port: { type: 'integer', minimum: 1 },
  },
};
const { manifest } = fixtureManifest({ name: '@farm/logs', configSchema: schema });

describe('ajv verdicts kept between runs', () => {
  it('remembers a valid config, and answers it again without ajv', () => {
    const verdicts = memoryConfigVerdicts();
    expect(resolvePluginConfig(manifest, { port: 80 }, { verdicts }).problems).toEqual([]);
    expect(verdicts.size).toBe(1);
    const has = jest.spyOn(verdicts, 'has');
    expect(resolvePluginConfig(manifest, { port: 80 }, { verdicts })).toEqual({
      config: { level: 'info', port: 80 },
      problems: [],
    });
    expect(has).toHaveReturnedWith(true);
  });

  it('never remembers an invalid config: every run reports ajv’s errors', () => {
    const verdicts = memoryConfigVerdicts();
    for (let run = 0; run < 2; run++) {
      const { problems } = resolvePluginConfig(manifest, { port: 0, level: 'loud' }, { verdicts });
      expect(problems.map((p) => [p.code, p.pointer])).toEqual([
        ['FARM_E040', '/plugins/@farm~1logs/config/level'],
        ['FARM_E040', '/plugins/@farm~1logs/config/port'],
      ]);
    }
    expect(verdicts.size).toBe(0);
  });

  it('a verdict is for one schema and one config: changing either asks ajv again', () => {
    const base = configVerdictDigest(schema, { port: 80 });
    expect(configVerdictDigest(schema, { port: 80 })).toBe(base);
    expect(configVerdictDigest(schema, { port: 81 })).not.toBe(base);
    expect(configVerdictDigest({ ...schema, required: ['port'] }, { port: 80 })).not.toBe(base);
    // A kept "valid" for the old schema does not pass the config under a stricter one.
    const verdicts = memoryConfigVerdicts();
    resolvePluginConfig(manifest, { port: 80 }, { verdicts });
    const stricter = fixtureManifest({
      name: '@farm/logs',
      configSchema: { ...schema, properties: { ...schema.properties, port: { type: 'integer', minimum: 1024 } } },
    }).manifest;
    expect(resolvePluginConfig(stricter, { port: 80 }, { verdicts }).problems.map((p) => p.pointer)).toEqual([
      '/plugins/@farm~1logs/config/port',
    ]);
  });
});
