export { emitAiConfig, type AiConfigEmitOptions } from './emit-ai-config';
