import { posix } from 'node:path';
import type { IntegrationPlan } from '../../plan';
import { pythonBody, pythonImports } from '../fastapi';
import { generatedHeader, pyLiteral, pyString, type EmitOptions, type GeneratedFile } from '../shared';

export type AiConfigEmitOptions = EmitOptions;

/** `ai_config.py`: registers the active plugins' AI providers, models, pipelines and endpoints. */
export function emitAiConfig(plan: IntegrationPlan, options: AiConfigEmitOptions): GeneratedFile[] {
  const { providers, models, pipelines, endpoints } = plan.ai;
  const list = (values: readonly string[]) => `[${values.map(pyString).join(', ')}]`;
  const imports = pythonImports([...providers, ...pipelines, ...endpoints]);
  const body = [
    ...providers.map((p) => `router.register_provider(${pyString(p.name)}, ${p.local}, plugin=${pyString(p.plugin)}, models=${list(p.models)}, capabilities=${list(p.capabilities)})`),
    ...models.map((m) => `router.register_model(${pyString(m.name)}, ${pyLiteral({ provider: m.provider, config: m.config, requirements: m.requirements })})`),
    ...pipelines.map((p) => `router.register_pipeline(${pyString(p.name)}, ${p.local}, input_types=${list(p.inputTypes)}, output_types=${list(p.outputTypes)})`),
    ...endpoints.map((e) => `router.register_endpoint(${pyString(e.name)}, ${e.local}, method=${pyString(e.method)}, streaming=${e.streaming ? 'True' : 'False'})`),
  ];
  const contents = [
    generatedHeader('#', options.runCommand).trimEnd(),
    'from farm.ai.router import AIRouter',
    '',
    ...imports,
    ...(imports.length ? [''] : []),
    '',
    'def setup_ai_providers(router: AIRouter) -> None:',
    '    """Register every active plugin\'s AI providers, models, pipelines and endpoints."""',
    pythonBody(body),
    '',
  ].join('\n');
  return [{ path: posix.join(options.outDir, 'ai_config.py'), contents }];
}
