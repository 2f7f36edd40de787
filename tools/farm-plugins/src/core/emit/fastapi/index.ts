export { emitFastapi, type FastapiEmitOptions } from './emit-fastapi';
export { pythonBody, pythonImports } from './python-imports';
