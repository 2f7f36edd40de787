export { emitReact, type ReactEmitOptions } from './emit-react';
