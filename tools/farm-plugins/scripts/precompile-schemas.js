#!/usr/bin/env node
// Regenerates what is generated from FARM's own schemas (a test fails while any of it is stale):
// - src/core/schema/generated/validators.js: ajv standalone code for plugin.schema.json and
//   workspace.schema.json (see src/core/schema/precompiled-validators.ts);
// - the TypeScript types of each schema, by json-schema-to-typescript (see
//   src/core/schema/generate-schema-types.ts): src/core/manifest/generated/plugin-manifest.ts
//   from plugin.schema.json, src/core/workspace/generated/farm-workspace.ts from workspace.schema.json.
require('@swc-node/register');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { generateValidatorsModule } = require('../src/core/schema/precompiled-validators');
const { generateSchemaTypes, schemaTypesTargets } = require('../src/core/schema/generate-schema-types');

async function main() {
  const src = join(__dirname, '../src/core');
  const pluginSchema = require(join(src, 'manifest/plugin.schema.json'));
  const workspaceSchema = require(join(src, 'workspace/workspace.schema.json'));
  const validators = join(src, 'schema/generated/validators.js');
  writeFileSync(validators, generateValidatorsModule({ plugin: pluginSchema, workspace: workspaceSchema }));
  console.log(`wrote ${validators}`);
  for (const target of Object.values(schemaTypesTargets)) {
    const types = join(src, target.output);
    writeFileSync(types, await generateSchemaTypes(require(join(src, target.schema)), target));
    console.log(`wrote ${types}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
