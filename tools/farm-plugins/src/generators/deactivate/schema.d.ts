export interface DeactivateGeneratorSchema {
  name: string;
  skipIntegrate?: boolean;
}
