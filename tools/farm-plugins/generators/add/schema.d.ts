export interface AddGeneratorSchema {
  spec: string;
  config?: string | Record<string, unknown>;
  disabled?: boolean;
  allowSecurityViolations?: string;
  skipIntegrate?: boolean;
  /** Per lifecycle hook, in ms (default: $FARM_HOOK_TIMEOUT_MS, else 60 000). */
  hookTimeoutMs?: number;
}
