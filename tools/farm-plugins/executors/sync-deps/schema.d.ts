export interface SyncDepsExecutorSchema {
  outputPath?: string;
}
