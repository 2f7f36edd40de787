export interface BuildExecutorSchema {
  /** Output folder, relative to the workspace root. Default: dist/<project root>. */
  outputPath?: string;
}
