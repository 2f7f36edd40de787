import { schemaMapKeywords, schemaValuedKeywords } from '../config/config-schema';
import { literalDepth, maxLiteralDepth } from '../emit/shared';
import { problem, type FarmProblem } from '../errors';
import { escapePointer } from '../json';
import type { LoadedManifest } from '../manifest';
import type { FarmState } from '../state';
import { workspaceFile } from '../workspace';

/**
 * Values the emitters write as literals must fit generated code (FARM_E087): the emitters refuse
 * deeper ones, so the problem is reported here, located, before integrate or typegen runs.
 * `wrap` counts the levels an emitter adds around the value.
 */
export function checkValueDepth(loaded: LoadedManifest, state: FarmState): FarmProblem[] {
  const { manifest } = loaded;
  const values: { value: unknown; pointer: string; wrap: number; file?: string }[] = [
    { value: manifest.defaultConfig, pointer: '/defaultConfig', wrap: 0 },
  ];
  for (const [name, model] of Object.entries(manifest.ai?.models ?? {})) {
    values.push(
      { value: model.config, pointer: `/ai/models/${escapePointer(name)}/config`, wrap: 1 },
      { value: model.requirements, pointer: `/ai/models/${escapePointer(name)}/requirements`, wrap: 1 },
    );
  }
  (manifest.frontend?.vitePlugins ?? []).forEach((v, i) =>
    values.push({ value: v.options, pointer: `/frontend/vitePlugins/${i}/options`, wrap: 0 }),
  );
  // Every subschema, not only properties and items: typegen follows `$ref`s, which may point anywhere.
  const schemaValues = (schema: unknown, pointer: string): void => {
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return;
    const s = schema as Record<string, unknown>;
    for (const keyword of ['default', 'enum', 'const'])
      if (Object.hasOwn(s, keyword)) values.push({ value: s[keyword], pointer: `${pointer}/${keyword}`, wrap: 0 });
    for (const keyword of schemaMapKeywords) {
      const map = s[keyword];
      if (map && typeof map === 'object' && !Array.isArray(map))
        for (const [key, child] of Object.entries(map))
          schemaValues(child, `${pointer}/${keyword}/${escapePointer(key)}`);
    }
    for (const keyword of schemaValuedKeywords) {
      const child = s[keyword];
      if (Array.isArray(child)) child.forEach((c, i) => schemaValues(c, `${pointer}/${keyword}/${i}`));
      else schemaValues(child, `${pointer}/${keyword}`);
    }
  };
  schemaValues(manifest.configSchema, '/configSchema');
  const installed = state.workspace?.plugins[manifest.name];
  if (installed?.config)
    values.push({
      value: installed.config,
      pointer: `/plugins/${escapePointer(manifest.name)}/config`,
      wrap: 0,
      file: workspaceFile,
    });
  return values
    .filter((v) => v.value !== undefined && literalDepth(v.value) + v.wrap > maxLiteralDepth)
    .map((v) => {
      const inWorkspace = v.file === workspaceFile;
      const at = inWorkspace ? state.workspaceDocument?.locate(v.pointer) : loaded.document.locate(v.pointer);
      return problem('FARM_E087', `${v.pointer} nests arrays and objects more than ${maxLiteralDepth} levels deep`, {
        plugin: manifest.name,
        file: v.file ?? loaded.file,
        pointer: v.pointer,
        ...at,
      });
    });
}
