import type { LoadedManifest } from '../manifest';
import { undeclaredPluginImports, type PythonImportFact } from './python-imports';

/** A loaded @acme/ai-chat declaring @farm/auth (dependency) and @acme/ui-kit (peer). */
const chat = {
  manifest: {
    name: '@acme/ai-chat',
    version: '1.0.0',
    dependencies: [{ name: '@farm/auth', version: '^1.0.0' }],
    peerDependencies: [{ name: '@acme/ui-kit', version: '^2.0.0' }],
  },
  file: 'libs/plugins/ai-chat/plugin.json',
  root: 'libs/plugins/ai-chat',
} as unknown as LoadedManifest;

const at = (module: string, guarded = false): PythonImportFact => ({
  file: 'libs/plugins/ai-chat/routers/chat.py',
  line: 3,
  column: 1,
  module,
  guarded,
});

describe('undeclaredPluginImports (FARM_E145 as the analysis reads imports)', () => {
  it.each([
    ['its own package', 'farm_plugins.ai_chat.routers.chat', []],
    ['a declared dependency', 'farm_plugins.auth.security', []],
    ['a declared peer dependency', 'farm_plugins.ui_kit', []],
    ['a library', 'fastapi.routing', []],
    ['the namespace alone', 'farm_plugins', []],
    ['an undeclared plugin', 'farm_plugins.billing.routers.r', ['FARM_E145']],
  ])('%s → %j', (_, module, codes) => {
    expect(undeclaredPluginImports(chat, [at(module)]).map((p) => p.code)).toEqual(codes);
  });

  it('locates the import and names the package; a guarded import copes without it', () => {
    expect(undeclaredPluginImports(chat, [at('farm_plugins.billing.api', true)])).toEqual([]);
    expect(undeclaredPluginImports(chat, [at('farm_plugins.billing.api')])).toEqual([
      expect.objectContaining({
        plugin: '@acme/ai-chat',
        file: 'libs/plugins/ai-chat/routers/chat.py',
        line: 3,
        column: 1,
        message: expect.stringContaining('imports farm_plugins.billing.api, the package of another plugin'),
      }),
    ]);
  });
});
