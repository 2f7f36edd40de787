export type TypegenExecutorSchema = Record<string, never>;
