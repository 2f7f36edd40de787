export interface PublishExecutorSchema {
  registry?: string;
  tag?: string;
  access?: 'public' | 'restricted';
  dryRun?: boolean;
  /** Built package folder, relative to the workspace root. Default: dist/<project root>. */
  packagePath?: string;
  /** The npm executable. Default: npm on PATH. */
  npmPath?: string;
}
