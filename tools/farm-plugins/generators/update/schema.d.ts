export interface UpdateGeneratorSchema {
  /** Plugin package or project name; all registry plugins when left out. */
  name?: string;
  latest?: boolean;
  force?: boolean;
  skipIntegrate?: boolean;
  allowSecurityViolations?: string;
}
