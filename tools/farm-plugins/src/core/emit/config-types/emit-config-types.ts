import type { LoadedManifest } from '../../manifest';
import { projectNameOf } from '../../manifest';
import type { GeneratedFile } from '../shared';
import { emitPydanticConfig } from './emit-pydantic-config';
import { emitTypescriptConfig } from './emit-typescript-config';

/** `<plugin>/generated/config.ts` and `config_model.py` — the typegen target's outputs. */
export async function emitConfigTypes(loaded: LoadedManifest): Promise<GeneratedFile[]> {
  const schema = loaded.manifest.configSchema ?? { type: 'object' as const, properties: {} };
  const run = `nx run ${projectNameOf(loaded.manifest.name)}:typegen`;
  return [
    { path: `${loaded.root}/generated/config.ts`, contents: await emitTypescriptConfig(schema, run) },
    { path: `${loaded.root}/generated/config_model.py`, contents: emitPydanticConfig(schema, run) },
  ];
}
