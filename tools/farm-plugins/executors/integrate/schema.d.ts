export interface IntegrateExecutorSchema {
  host: 'frontend' | 'backend';
  outputPath?: string;
}
