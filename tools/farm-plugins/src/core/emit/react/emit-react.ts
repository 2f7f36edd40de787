import { emitHost } from '../../kinds/emit-host';
import type { IntegrationPlan } from '../../plan';
import type { EmitOptions, GeneratedFile } from '../shared';

export type ReactEmitOptions = EmitOptions;

/** The React app's plugin indexes (components, hooks, routes, styles, Vite plugins): the frontend host's files. */
export function emitReact(plan: IntegrationPlan, options: ReactEmitOptions): GeneratedFile[] {
  return emitHost('frontend', plan, options);
}
