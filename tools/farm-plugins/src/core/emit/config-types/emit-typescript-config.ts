import { compile } from 'json-schema-to-typescript';
import type { PluginConfigSchema } from '../../manifest';
import { generatedHeader } from '../shared';

/** The TypeScript type of a plugin's config, from its configSchema (json-schema-to-typescript). */
export async function emitTypescriptConfig(schema: PluginConfigSchema, runCommand: string): Promise<string> {
  const body = await compile(structuredClone(schema) as never, 'PluginConfig', {
    bannerComment: generatedHeader('//', runCommand).trimEnd(),
    format: true,
    additionalProperties: false,
    strictIndexSignatures: true,
    // A manifest must never make the generator read files or fetch URLs.
    $refOptions: { resolve: { file: false, http: false } } as never,
  });
  return body.endsWith('\n') ? body : `${body}\n`;
}
