export interface AddGeneratorSchema {
  spec: string;
  config?: string | Record<string, unknown>;
  disabled?: boolean;
  allowSecurityViolations?: string;
  skipIntegrate?: boolean;
}
