export interface RemoveGeneratorSchema {
  /** The plugin (package or project name); more can follow as positionals (`_`). */
  name: string;
  /** Nx's positionals after the first: more plugins, handled together with `name`. */
  _?: string[];
  skipIntegrate?: boolean;
  /** Per lifecycle hook, in ms (default: $FARM_HOOK_TIMEOUT_MS, else 60 000). */
  hookTimeoutMs?: number;
}
