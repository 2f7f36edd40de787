export interface ActivateGeneratorSchema {
  name: string;
  skipIntegrate?: boolean;
  allowSecurityViolations?: string;
}
