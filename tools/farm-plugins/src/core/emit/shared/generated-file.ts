/** What every emitter returns: workspace-relative paths and their full contents. */
export interface GeneratedFile {
  path: string;
  contents: string;
}
