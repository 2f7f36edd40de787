import type { PythonPart } from '../../kinds/types';
import { pythonBody, pythonImports } from './python-imports';

/** The fixed parts of a generated Python setup module: its framework import and its one function. */
export interface PythonModuleFrame {
  /** `from fastapi import FastAPI` */
  import: string;
  /** `def setup_plugin_integrations(app: FastAPI) -> None:` */
  signature: string;
  /** The function's docstring, quotes included. */
  docstring: string;
}

/**
 * A setup module from the kinds' parts, in table order: the frame's import, the FARM runtime names
 * the parts use (grouped by module, both sorted, so that only what the body uses is imported and the
 * module passes pyflakes as written), the plugins' symbols, then one function whose body is every
 * part's statements (`pass` when there are none).
 */
export function assemblePythonModule(frame: PythonModuleFrame, parts: readonly PythonPart[]): string {
  const runtime = new Map<string, Set<string>>();
  for (const part of parts) {
    for (const { module, name } of part.runtime)
      (runtime.get(module) ?? runtime.set(module, new Set()).get(module)!).add(name);
  }
  const runtimeImports = [...runtime.keys()]
    .sort()
    .map((module) => `from ${module} import ${[...runtime.get(module)!].sort().join(', ')}`);
  const imports = pythonImports(parts.flatMap((p) => p.symbols));
  return [
    frame.import,
    '',
    ...runtimeImports,
    ...(runtimeImports.length ? [''] : []),
    ...imports,
    ...(imports.length ? [''] : []),
    '',
    frame.signature,
    `    ${frame.docstring}`,
    pythonBody(parts.flatMap((p) => p.body)),
    '',
  ].join('\n');
}
