import { posix } from 'node:path';
import { assemblePythonModule } from '../emit/fastapi/python-module';
import { generatedHeader } from '../emit/shared/code-strings';
import type { EmitOptions, GeneratedFile } from '../emit/shared/generated-file';
import type { IntegrationPlan } from '../plan/types';
import { hostTable } from './hosts';
import { kindsOf } from './table';
import type { HostName, PythonPart } from './types';

/**
 * Every generated file of one host app, from the plan: the host's own files, then each kind's file
 * or setup module in table order (a module at the place of its first kind), each headed "generated
 * — do not edit" with the command that regenerates it. Pure; paths are workspace-relative.
 */
export function emitHost(host: HostName, plan: IntegrationPlan, options: EmitOptions): GeneratedFile[] {
  const definition = hostTable[host];
  const header = generatedHeader(definition.comment, options.runCommand);
  const at = (file: string) => posix.join(options.outDir, file);
  const files: GeneratedFile[] = (definition.files?.(plan) ?? []).map((f) => ({
    path: at(f.file),
    contents: header + f.contents,
  }));
  const modules = new Map<string, { file: GeneratedFile; parts: PythonPart[] }>();
  for (const kind of kindsOf(host)) {
    const emit = kind.emit;
    if (!emit) continue;
    if ('file' in emit) {
      files.push({ path: at(emit.file), contents: header + emit.contents(plan, { outDir: options.outDir }) });
      continue;
    }
    let module = modules.get(emit.module);
    if (!module) {
      module = { file: { path: at(emit.module), contents: '' }, parts: [] };
      modules.set(emit.module, module);
      files.push(module.file);
    }
    module.parts.push(emit.part(plan));
  }
  for (const [name, { file, parts }] of modules) {
    const frame = definition.modules?.[name];
    if (!frame)
      throw new Error(`kind emitter names module ${name}, which host ${host} does not assemble (core/kinds/hosts.ts)`);
    file.contents = header + assemblePythonModule(frame, parts);
  }
  return files;
}
