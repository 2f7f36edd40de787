import { Project, ts, type SourceFile } from 'ts-morph';
import type { SourceText } from '../types';

/** One in-memory ts-morph Project per plugin; each file is added once and shared by every check. */
export interface ScriptProject {
  project: Project;
  /** By workspace-relative path. */
  files: Map<string, SourceFile>;
  /** The first syntax error of each file that has one. */
  syntaxErrors: Map<string, { line: number; column: number; message: string }>;
}

export const scriptExtensions = /\.(tsx?|mts|cts|jsx?|mjs|cjs)$/;

export function createScriptProject(sources: readonly SourceText[]): ScriptProject {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    skipFileDependencyResolution: true,
    compilerOptions: {
      allowJs: true,
      jsx: ts.JsxEmit.Preserve,
      noLib: true,
      types: [],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
    },
  });
  const files = new Map<string, SourceFile>();
  for (const source of [...sources].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    if (!scriptExtensions.test(source.file) || source.file.endsWith('.d.ts')) continue;
    files.set(source.file, project.createSourceFile(`/${source.file}`, source.text, { overwrite: true }));
  }
  const syntaxErrors = new Map<string, { line: number; column: number; message: string }>();
  for (const [file, sourceFile] of files) {
    const [first] = project.getProgram().getSyntacticDiagnostics(sourceFile);
    if (!first) continue;
    const { line, column } = sourceFile.getLineAndColumnAtPos(first.getStart() ?? 0);
    syntaxErrors.set(file, {
      line,
      column,
      message: ts.flattenDiagnosticMessageText(first.getMessageText() as string | ts.DiagnosticMessageChain, ' '),
    });
  }
  return { project, files, syntaxErrors };
}
