export { validatePlugin, type ValidateOptions } from './validate-plugin';
