export { emitConfigTypes } from './emit-config-types';
export { emitPydanticConfig } from './emit-pydantic-config';
export { emitTypescriptConfig } from './emit-typescript-config';
