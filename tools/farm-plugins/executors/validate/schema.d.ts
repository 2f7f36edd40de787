export interface ValidateExecutorSchema {
  warningsAsErrors?: boolean;
}
