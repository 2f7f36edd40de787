export interface CreateGeneratorSchema {
  name: string;
  description?: string;
  author?: string;
  frontend?: boolean;
  backend?: boolean;
  ai?: boolean;
  skipIntegrate?: boolean;
}
