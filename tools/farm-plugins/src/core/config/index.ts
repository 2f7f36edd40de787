export { absentDefault, applyConfigDefaults, mergeConfig } from './apply-config-defaults';
export {
  allowedEnumMembers,
  combineSchemas,
  isPureRef,
  jsonEqual,
  refPointer,
  resolvePointer,
  schemaMapKeywords,
  schemaValuedKeywords,
  viewSchema,
  type ConfigSchemaView,
  type JsonType,
} from './config-schema';
export { resolvePluginConfig } from './resolve-plugin-config';
export { configVerdictDigest, memoryConfigVerdicts, type ConfigVerdicts } from './config-verdicts';
