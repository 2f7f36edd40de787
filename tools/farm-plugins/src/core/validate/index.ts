export { validatePlugin } from './validate-plugin';
