/** What every emitter returns: workspace-relative paths and their full contents. */
export interface GeneratedFile {
  path: string;
  contents: string;
}

/** What every host emitter is told: where its files go and the command that regenerates them. */
export interface EmitOptions {
  /** Folder of the generated files, workspace-relative (e.g. apps/backend/src/plugins). */
  outDir: string;
  /** Shown in each file's "do not edit" header. */
  runCommand: string;
}
