export interface ActivateGeneratorSchema {
  /** The plugin (package or project name); more can follow as positionals (`_`). */
  name: string;
  /** Nx's positionals after the first: more plugins, handled together with `name`. */
  _?: string[];
  skipIntegrate?: boolean;
  allowSecurityViolations?: string;
}
