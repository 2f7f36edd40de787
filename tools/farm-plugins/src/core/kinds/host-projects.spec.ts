import { hostProjectsOf } from './host-projects';

describe('hostProjectsOf', () => {
  it('finds the projects with an @farm/plugins:integrate target, their host and output folder', () => {
    expect(
      hostProjectsOf({
        web: {
          root: 'apps/web',
          targets: { integrate: { executor: '@farm/plugins:integrate', options: { host: 'frontend' } } },
        },
        api: {
          root: 'apps/api',
          targets: {
            generate: {
              executor: '@farm/plugins:integrate',
              options: { host: 'backend', outputPath: 'app/generated' },
            },
          },
        },
        auth: { root: 'libs/plugins/auth', targets: { validate: { executor: '@farm/plugins:validate' } } },
        other: { root: 'apps/other', targets: { integrate: { command: 'echo' } as never } },
        broken: { root: 'apps/broken', targets: { integrate: { executor: '@farm/plugins:integrate', options: {} } } },
        wrong: {
          root: 'apps/wrong',
          targets: { integrate: { executor: '@farm/plugins:integrate', options: { host: 'mobile', outputPath: 5 } } },
        },
      }),
    ).toEqual([
      { host: 'backend', project: 'api', root: 'apps/api', outDir: 'apps/api/app/generated', target: 'generate' },
      { host: 'frontend', project: 'web', root: 'apps/web', outDir: 'apps/web/src/plugins', target: 'integrate' },
    ]);
  });

  it("reads a Tree's project map the same way", () => {
    const projects = new Map([
      [
        'backend',
        {
          root: 'apps/backend',
          targets: { integrate: { executor: '@farm/plugins:integrate', options: { host: 'backend' } } },
        },
      ],
    ]);
    expect(hostProjectsOf(projects)).toEqual([
      {
        host: 'backend',
        project: 'backend',
        root: 'apps/backend',
        outDir: 'apps/backend/src/plugins',
        target: 'integrate',
      },
    ]);
  });
});
