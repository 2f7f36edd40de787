import type { FarmEnvironment } from '../manifest';

export type PluginSourceType = 'workspace' | 'official' | 'npm' | 'git' | 'local' | 'tarball';

export interface InstalledPlugin {
  source: { type: PluginSourceType; spec: string; registry?: string; resolved?: string };
  version: string;
  integrity?: string;
  active: boolean;
  config?: Record<string, unknown>;
  securityOverride?: { reason: string; violations?: string[] };
}

export interface SecurityPolicy {
  permissions?: {
    filesystem?: { read?: boolean; write?: boolean; allowedPaths?: string[] };
    network?: { external?: boolean; allowedDomains?: string[] };
    database?: { read?: boolean; write?: boolean };
    ai?: { inference?: boolean; providers?: string[] };
  };
  limits?: { memory?: number; cpu?: number; storage?: number; networkCalls?: number };
  sandbox?: { enabled: boolean; isolateFilesystem?: boolean; isolateNetwork?: boolean; allowedDomains?: string[] };
}

/** workspace.json: the spec's FarmConfig — host version, installed plugins, security policy. */
export interface FarmWorkspace {
  $schema?: string;
  farmVersion: string;
  environment?: FarmEnvironment;
  plugins: Record<string, InstalledPlugin>;
  security?: SecurityPolicy;
}

export const workspaceFile = 'workspace.json';
