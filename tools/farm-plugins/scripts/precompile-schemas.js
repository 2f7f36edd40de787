#!/usr/bin/env node
// Regenerates tools/farm-plugins/src/core/schema/generated/validators.js (ajv standalone code for
// plugin.schema.json and workspace.schema.json). See src/core/schema/precompiled-validators.ts.
require('@swc-node/register');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { generateValidatorsModule } = require('../src/core/schema/precompiled-validators');
const src = join(__dirname, '../src/core');
const target = join(src, 'schema/generated/validators.js');
writeFileSync(target, generateValidatorsModule({ plugin: require(join(src, 'manifest/plugin.schema.json')), workspace: require(join(src, 'workspace/workspace.schema.json')) }));
console.log(`wrote ${target}`);
