#!/usr/bin/env node
// Regenerates what is generated from FARM's own schemas (a test fails while either is stale):
// - src/core/schema/generated/validators.js: ajv standalone code for plugin.schema.json and
//   workspace.schema.json (see src/core/schema/precompiled-validators.ts);
// - src/core/manifest/generated/plugin-manifest.ts: the manifest's TypeScript types, from
//   plugin.schema.json by json-schema-to-typescript (see src/core/manifest/generate-manifest-types.ts).
require('@swc-node/register');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { generateValidatorsModule } = require('../src/core/schema/precompiled-validators');
const { generateManifestTypes, generatedManifestTypesFile } = require('../src/core/manifest/generate-manifest-types');

async function main() {
  const src = join(__dirname, '../src/core');
  const pluginSchema = require(join(src, 'manifest/plugin.schema.json'));
  const workspaceSchema = require(join(src, 'workspace/workspace.schema.json'));
  const validators = join(src, 'schema/generated/validators.js');
  writeFileSync(validators, generateValidatorsModule({ plugin: pluginSchema, workspace: workspaceSchema }));
  console.log(`wrote ${validators}`);
  const types = join(src, 'manifest', generatedManifestTypesFile);
  writeFileSync(types, await generateManifestTypes(pluginSchema));
  console.log(`wrote ${types}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
