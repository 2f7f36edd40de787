import { createFarmTree } from '../../src/testing/farm-tree';
import { folderPlugin, removeFolderPlugins } from '../../src/testing/folder-plugin';
import addGenerator from './add';

afterAll(removeFolderPlugins);

// Issue 12 item 3: a component entry's `export` names a named export (as Nuxt's addComponent).
describe('add: a component whose export is a named export', () => {
  jest.setTimeout(120_000);

  it('imports that export in the components index and in the route to it', async () => {
    const tree = createFarmTree();
    const plugin = folderPlugin(
      '@t/cards',
      {
        frontend: {
          components: {
            Card: { path: './components/index.ts', export: 'Card' },
            CardList: { path: './components/index.ts', export: 'CardList', async: true },
          },
          routes: [{ path: '/cards', component: 'CardList' }],
        },
      },
      {
        // A barrel, as UI libraries ship them: named re-exports of the modules' default exports.
        'components/index.ts': `export { default as Card } from './Card';\nexport { default as CardList } from './CardList';\n`,
        'components/Card.tsx':
          'export default function Card({ title }: { title: string }) {\n  return <article>{title}</article>;\n}\n',
        'components/CardList.tsx': `import Card from './Card';\n\nexport default function CardList() {\n  return <Card title="first" />;\n}\n`,
      },
    );
    await addGenerator(tree, { spec: plugin });

    const components = tree.read('apps/frontend/src/plugins/components/index.ts', 'utf-8')!;
    expect(components).toMatch(
      /^import \{ Card as cards_component_Card \} from "[./]+\/libs\/plugins\/cards\/components\/index(\.ts)?";$/m,
    );
    expect(components).toMatch(
      /^const cards_component_CardList = lazy\(\(\) => import\("[^"]+"\)\.then\(\(m\) => \(\{ default: m\.CardList \}\)\)\);$/m,
    );
    expect(components).toContain('export { cards_component_Card as Card, cards_component_CardList as CardList };');
    expect(tree.read('apps/frontend/src/plugins/routes.tsx', 'utf-8')).toMatch(
      /\{ path: "\/cards", lazy: async \(\) => \(\{ Component: \(await import\("[^"]+\/components\/index(\.ts)?"\)\)\.CardList \}\) \}/,
    );
  });

  it('refuses an export the file does not have, naming the exports it has', async () => {
    const plugin = folderPlugin(
      '@t/badge',
      { frontend: { components: { Badge: { path: './Badge.tsx', export: 'Badge' } } } },
      { 'Badge.tsx': 'export function Badges() {\n  return null;\n}\n' },
    );
    const message = await addGenerator(createFarmTree(), { spec: plugin }).then(
      () => 'added',
      (error: Error) => error.message,
    );
    expect(message).toMatch(
      /FARM_E080 plugin "@t\/badge" \(libs\/plugins\/badge\/plugin\.json(:\d+:\d+)? \/frontend\/components\/Badge\)/,
    );
    expect(message).toContain(
      'component Badge: libs/plugins/badge/Badge.tsx does not export "Badge" (it exports "Badges")',
    );
  });
});
