export { createAjv, sharedAjv } from './ajv';
export { builtInValidator, generateValidatorsModule, type BuiltInSchemaName } from './precompiled-validators';
export { describeSchemaError, type SchemaErrorDescription } from './describe-schema-error';
export { schemaErrorsToProblems } from './schema-errors-to-problems';
