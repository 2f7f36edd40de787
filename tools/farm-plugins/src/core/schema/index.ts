export { createAjv, sharedAjv } from './ajv';
export { describeSchemaError, type SchemaErrorDescription } from './describe-schema-error';
export { schemaErrorsToProblems } from './schema-errors-to-problems';
