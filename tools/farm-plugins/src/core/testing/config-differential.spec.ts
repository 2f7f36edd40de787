import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { differentialFixturesDir, loadDifferentialFixtures } from './config-cases';
import type { DifferentialReport } from './config-differential';

/**
 * The CI slice of the differential test (issue 14): every fixture (a disagreement found before)
 * and 50 seeded schemas, through the real script — json-schema-to-typescript formats with
 * prettier, which jest's VM cannot load. The full run: `npm run config-differential` (1,000).
 */
describe('config differential: integrate, pydantic and TypeScript read each config alike', () => {
  it('finds no disagreement in the fixtures and 50 seeded schemas', () => {
    const run = spawnSync(
      process.execPath,
      [join(__dirname, '../../../scripts/config-differential.js'), '--count', '50', '--seed', '14', '--json'],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as DifferentialReport & { fixtures: number };
    expect(report.disagreements).toEqual([]);
    expect(report.fixtures).toBe(loadDifferentialFixtures().length);
    expect(report.schemas - report.refusedSchemas).toBeGreaterThanOrEqual(50);
    // Both verdicts are exercised, not only one.
    expect(Math.min(report.accepted, report.refused)).toBeGreaterThan(50);
    expect(run.status).toBe(0);
  }, 300_000);

  it('keeps every fixture readable: what disagreed, where it was found, a schema and configs', () => {
    const files = readdirSync(differentialFixturesDir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(14);
    for (const file of files) {
      const f = JSON.parse(readFileSync(join(differentialFixturesDir, file), 'utf8'));
      const shape = {
        file,
        description: f.description?.length > 20,
        found: typeof f.found,
        root: f.schema?.type,
        configs: f.configs?.length > 0,
      };
      expect(shape).toEqual({ file, description: true, found: 'string', root: 'object', configs: true });
    }
  });
});
