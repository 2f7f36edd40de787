export interface RemoveGeneratorSchema {
  name: string;
  skipIntegrate?: boolean;
}
