import type { FarmErrorCode } from '../errors';

/** Why a plugin needs something, and where in its manifest that comes from (or should be declared). */
export interface NeedSource {
  /** "declared in permissions.network.external", "backend model User", "code at libs/plugins/x/a.ts:3:7" */
  why: string;
  /** JSON pointer into plugin.json. */
  pointer: string;
}

/** One thing a plugin needs from the workspace security policy. */
export type SecurityNeed = NeedSource &
  (
    | { kind: 'filesystem'; mode: 'read' | 'write'; /** Absent: computed at run time. */ path?: string }
    | { kind: 'network'; /** A concrete host. */ host?: string; /** A declared domain pattern. */ pattern?: string }
    | { kind: 'database'; mode: 'read' | 'write' }
    | { kind: 'ai'; /** Absent: inference in general. */ provider?: string }
  );

/** A need the policy denies, before any securityOverride. */
export interface SecurityViolation {
  code: Extract<FarmErrorCode, 'FARM_E060' | 'FARM_E061' | 'FARM_E062' | 'FARM_E063' | 'FARM_E064' | 'FARM_E065'>;
  /**
   * Stable name a securityOverride's `violations` list can use: `filesystem.read`,
   * `filesystem.write`, `filesystem.path:<path>`, `network.external`, `network.domain:<host>`,
   * `database.read`, `database.write`, `ai.inference`, `ai.provider:<name>`, `sandbox.filesystem`,
   * `sandbox.network[:<host>]`, `limits.networkCalls`, `limits.storage`.
   */
  key: string;
  message: string;
  fix: string;
  /** Where in plugin.json (the first source of the need). */
  pointer: string;
}
