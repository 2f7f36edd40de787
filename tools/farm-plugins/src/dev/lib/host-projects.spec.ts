import { hostProjectsOf } from './host-projects';

describe('hostProjectsOf', () => {
  it('finds the projects with an @farm/plugins:integrate target, their kind and output folder', () => {
    expect(hostProjectsOf({
      web: { root: 'apps/web', targets: { integrate: { executor: '@farm/plugins:integrate', options: { host: 'frontend' } } } },
      api: { root: 'apps/api', targets: { integrate: { executor: '@farm/plugins:integrate', options: { host: 'backend', outputPath: 'app/generated' } } } },
      auth: { root: 'libs/plugins/auth', targets: { validate: { executor: '@farm/plugins:validate' } } },
      other: { root: 'apps/other', targets: { integrate: { command: 'echo' } } },
      broken: { root: 'apps/broken', targets: { integrate: { executor: '@farm/plugins:integrate', options: {} } } },
    })).toEqual([
      { kind: 'backend', project: 'api', root: 'apps/api', outDir: 'apps/api/app/generated' },
      { kind: 'frontend', project: 'web', root: 'apps/web', outDir: 'apps/web/src/plugins' },
    ]);
  });
});
