import { formatProblems } from '../../errors';
import { resolvePluginGraph } from '../../graph';
import type { FarmPluginManifest } from '../../manifest';
import { fixtureManifest, fixtureWorkspace } from '../../testing/manifest-fixtures';
import { buildIntegrationPlan } from '../../plan';

/** The frontend plan of one plugin whose folder holds exactly `files` (relative to it). */
function planWith(frontend: FarmPluginManifest['frontend'], files: string[]) {
  const manifests = [fixtureManifest({ name: '@farm/p', frontend })];
  const resolved = resolvePluginGraph({ manifests, workspace: fixtureWorkspace(manifests) });
  const exists = (file: string) => files.map((f) => `libs/plugins/p/${f}`).includes(file);
  return buildIntegrationPlan({ plugins: resolved.order, exists, host: 'frontend' });
}

describe('the frontend plan refuses files the app cannot import exactly (FARM_E088)', () => {
  it('keeps the declared file when a sibling of the same stem exists', () => {
    const { plan, problems } = planWith({ components: { Card: { path: './components/Card.tsx' } } }, [
      'components/Card.tsx',
      'components/Card.ts',
    ]);
    expect(formatProblems(problems)).toBe('');
    expect(plan.frontend.components.map((c) => c.source)).toEqual(['libs/plugins/p/components/Card.tsx']);
  });

  it('refuses a JavaScript component TypeScript would read through its sibling, at its path, and plans nothing for it', () => {
    const { plan, problems } = planWith({ components: { Card: { path: './components/Card.jsx' } } }, [
      'components/Card.jsx',
      'components/Card.tsx',
    ]);
    expect(problems).toMatchObject([
      {
        code: 'FARM_E088',
        pointer: '/frontend/components/Card/path',
        message: expect.stringContaining('TypeScript checks libs/plugins/p/components/Card.tsx in its place'),
      },
    ]);
    expect(plan.frontend.components).toEqual([]);
  });

  it('reports a refused component once, not again for the route that shows it', () => {
    const { problems } = planWith(
      { components: { Card: { path: './Card.jsx' } }, routes: [{ path: '/card', component: 'Card' }] },
      ['Card.jsx'],
    );
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([['FARM_E088', '/frontend/components/Card/path']]);
  });

  it('locates a page found by its component name at the route component, and an explicit file at the file', () => {
    const { problems } = planWith(
      {
        routes: [
          { path: '/a', component: 'A' },
          { path: '/b', component: 'B', file: './b?raw.tsx' },
        ],
      },
      ['pages/A.jsx', 'b?raw.tsx'],
    );
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([
      ['FARM_E088', '/frontend/routes/0/component'],
      ['FARM_E088', '/frontend/routes/1/file'],
    ]);
  });

  it('refuses a hook and a style sheet whose names Vite would cut', () => {
    const { plan, problems } = planWith(
      { hooks: { useX: { path: './use#x.ts' } }, styles: ['./a?inline.css', './b.css'] },
      ['use#x.ts', 'a?inline.css', 'b.css'],
    );
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([
      ['FARM_E088', '/frontend/hooks/useX/path'],
      ['FARM_E088', '/frontend/styles/0'],
    ]);
    expect(plan.frontend.styles.map((s) => s.source)).toEqual(['libs/plugins/p/b.css']);
  });
});
