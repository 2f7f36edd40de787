export { applyConfigDefaults, mergeConfig } from './apply-config-defaults';
export { resolvePluginConfig } from './resolve-plugin-config';
export { configVerdictDigest, memoryConfigVerdicts, type ConfigVerdicts } from './config-verdicts';
