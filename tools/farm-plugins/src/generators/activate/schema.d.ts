export interface ActivateGeneratorSchema {
  name: string;
  skipIntegrate?: boolean;
}
