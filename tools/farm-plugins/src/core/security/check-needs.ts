import { domainAllowed, isCoveredBy, isLoopback, patternWithin } from '../analyze';
import type { SecurityPolicy } from '../workspace';
import type { SecurityNeed, SecurityViolation } from './types';

type Need<K extends SecurityNeed['kind']> = Extract<SecurityNeed, { kind: K }>;

const policyFile = 'workspace.json';

/**
 * Needs against the workspace policy. No `security` section: nothing is enforced. With
 * `security.permissions`, a permission it does not grant is denied (the spec's
 * `!policy.permissions.database?.write`). Lists (allowedPaths, allowedDomains, providers)
 * restrict only when given. Limits of 0 forbid network calls / storage; the sandbox isolates.
 * One violation per key, naming every source of the need.
 */
export function checkNeeds(
  needs: readonly SecurityNeed[],
  policy: SecurityPolicy | undefined,
  plugin: string,
): SecurityViolation[] {
  if (!policy) return [];
  const out = new Map<string, SecurityViolation>();
  const deny = (
    code: SecurityViolation['code'],
    key: string,
    sources: readonly SecurityNeed[],
    what: string,
    fix: string,
  ) => {
    const first = sources[0];
    if (!first || out.has(`${code}|${key}`)) return;
    const why = [...new Set(sources.map((s) => s.why))];
    out.set(`${code}|${key}`, {
      code,
      key,
      pointer: first.pointer,
      message: `${what} (${why.slice(0, 5).join('; ')}${why.length > 5 ? `; ${why.length - 5} more` : ''})`,
      fix: `${fix} — or add "securityOverride": { "reason": "…" } to plugins["${plugin}"] in ${policyFile}`,
    });
  };
  const of = <K extends SecurityNeed['kind']>(kind: K) => needs.filter((n): n is Need<K> => n.kind === kind);
  const files = of('filesystem');
  const network = of('network');
  const database = of('database');
  const ai = of('ai');
  const external = network.filter((n) =>
    n.pattern !== undefined ? !isLoopback(n.pattern) : n.host === undefined || !isLoopback(n.host),
  );

  const perms = policy.permissions;
  if (perms) {
    for (const mode of ['read', 'write'] as const) {
      const sources = files.filter((n) => n.mode === mode);
      if (perms.filesystem?.[mode] !== true)
        deny(
          'FARM_E060',
          `filesystem.${mode}`,
          sources,
          `needs filesystem ${mode} access, which ${policyFile} security.permissions.filesystem.${mode} does not grant`,
          `set security.permissions.filesystem.${mode} to true`,
        );
    }
    const allowedPaths = perms.filesystem?.allowedPaths;
    if (allowedPaths) {
      for (const need of files) {
        if (need.path !== undefined && allowedPaths.some((entry) => isCoveredBy(need.path!, entry))) continue;
        const path = need.path ?? '*';
        deny(
          'FARM_E060',
          `filesystem.path:${path}`,
          files.filter((n) => (n.path ?? '*') === path),
          need.path === undefined
            ? `accesses files by paths computed at run time, which security.permissions.filesystem.allowedPaths cannot vouch for`
            : `accesses ${need.path}, outside security.permissions.filesystem.allowedPaths (${allowedPaths.join(', ') || 'none'})`,
          need.path === undefined
            ? 'use literal paths'
            : `add "${need.path}" (or a folder above it) to security.permissions.filesystem.allowedPaths`,
        );
      }
    }
    if (perms.network?.external !== true)
      deny(
        'FARM_E061',
        'network.external',
        external,
        `needs external network access, which ${policyFile} security.permissions.network.external does not grant`,
        'set security.permissions.network.external to true',
      );
    const allowedDomains = perms.network?.allowedDomains;
    if (allowedDomains) {
      for (const need of network) {
        const target = need.host ?? need.pattern;
        if (
          target === undefined ||
          (need.host !== undefined ? domainAllowed(need.host, allowedDomains) : patternWithin(target, allowedDomains))
        )
          continue;
        deny(
          'FARM_E062',
          `network.domain:${target}`,
          network.filter((n) => (n.host ?? n.pattern) === target),
          `uses ${target}, which security.permissions.network.allowedDomains (${allowedDomains.join(', ') || 'none'}) does not cover`,
          `add "${target}" to security.permissions.network.allowedDomains`,
        );
      }
    }
    for (const mode of ['read', 'write'] as const) {
      if (perms.database?.[mode] !== true)
        deny(
          'FARM_E063',
          `database.${mode}`,
          database.filter((n) => n.mode === mode),
          `needs database ${mode} access, which ${policyFile} security.permissions.database.${mode} does not grant`,
          `set security.permissions.database.${mode} to true`,
        );
    }
    if (perms.ai?.inference !== true)
      deny(
        'FARM_E064',
        'ai.inference',
        ai,
        `needs AI inference, which ${policyFile} security.permissions.ai.inference does not grant`,
        'set security.permissions.ai.inference to true',
      );
    const providers = perms.ai?.providers;
    if (providers) {
      for (const need of ai) {
        if (need.provider === undefined || providers.includes(need.provider)) continue;
        deny(
          'FARM_E064',
          `ai.provider:${need.provider}`,
          ai.filter((n) => n.provider === need.provider),
          `uses AI provider "${need.provider}", which security.permissions.ai.providers (${providers.join(', ') || 'none'}) does not list`,
          `add "${need.provider}" to security.permissions.ai.providers`,
        );
      }
    }
  }

  const limits = policy.limits;
  if (limits?.networkCalls === 0)
    deny(
      'FARM_E061',
      'limits.networkCalls',
      network,
      'makes network calls, but security.limits.networkCalls is 0',
      'raise security.limits.networkCalls',
    );
  if (limits?.storage === 0) {
    deny(
      'FARM_E060',
      'limits.storage',
      files.filter((n) => n.mode === 'write'),
      'writes files, but security.limits.storage is 0',
      'raise security.limits.storage',
    );
    deny(
      'FARM_E063',
      'limits.storage',
      database.filter((n) => n.mode === 'write'),
      'writes to the database, but security.limits.storage is 0',
      'raise security.limits.storage',
    );
  }

  const sandbox = policy.sandbox;
  if (sandbox?.enabled) {
    if (sandbox.isolateFilesystem)
      deny(
        'FARM_E065',
        'sandbox.filesystem',
        files,
        'accesses files outside the plugin folder, but the sandbox isolates the filesystem',
        'set security.sandbox.isolateFilesystem to false',
      );
    if (sandbox.isolateNetwork) {
      const allowed = sandbox.allowedDomains ?? [];
      for (const need of network) {
        const target = need.host ?? need.pattern;
        if (target === undefined) {
          if (!allowed.length)
            deny(
              'FARM_E065',
              'sandbox.network',
              network.filter((n) => n.host === undefined && n.pattern === undefined),
              'needs the network, but the sandbox isolates it and allows no domain',
              'list the domains it needs in security.sandbox.allowedDomains',
            );
          continue;
        }
        if (need.host !== undefined ? domainAllowed(need.host, allowed) : patternWithin(target, allowed)) continue;
        deny(
          'FARM_E065',
          `sandbox.network:${target}`,
          network.filter((n) => (n.host ?? n.pattern) === target),
          `uses ${target}, but the sandbox isolates the network and security.sandbox.allowedDomains (${allowed.join(', ') || 'none'}) does not cover it`,
          `add "${target}" to security.sandbox.allowedDomains`,
        );
      }
    }
  }
  return [...out.values()];
}
