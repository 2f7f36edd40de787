import type { PluginPermissions } from '../manifest';
import { domainAllowed } from './hosts';
import { isCoveredBy, isInsideFolder, workspacePathOf } from './paths/code-paths';
import type { CodeUsage, RawFinding, SourceFacts } from './types';

/**
 * The rules that compare what code uses with what the manifest declares in `permissions`:
 * files outside the plugin (fs-outside-plugin), environment variables (undeclared-env) and
 * literal URL hosts (network-host). Also returns the usage, for the security policy.
 */
export function judgeUsage(
  facts: readonly SourceFacts[],
  root: string,
  permissions: PluginPermissions | undefined,
): { usage: CodeUsage; findings: RawFinding[] } {
  const usage: CodeUsage = { hosts: [], env: [], files: [], modules: [] };
  const findings: RawFinding[] = [];
  const read = permissions?.filesystem?.read ?? [];
  const write = permissions?.filesystem?.write ?? [];
  const env = permissions?.env ?? [];
  const domains = permissions?.network?.allowedDomains ?? [];

  for (const f of facts) {
    for (const access of f.files) {
      const path = access.path && workspacePathOf(access.path, f.file);
      const inside = path !== undefined && isInsideFolder(root, path);
      usage.files.push({
        file: f.file,
        line: access.line,
        column: access.column,
        mode: access.mode,
        inside,
        ...(path === undefined ? {} : { path }),
      });
      if (path === undefined || inside) continue;
      const declared = (access.mode === 'write' ? write : [...read, ...write]).some((entry) =>
        isCoveredBy(path, entry),
      );
      if (!declared) {
        const verb = access.mode === 'write' ? 'writes' : 'reads';
        findings.push({
          ...at(access, f.file),
          rule: 'fs-outside-plugin',
          message: `${verb} ${path}, outside the plugin folder and not declared in permissions.filesystem.${access.mode}`,
        });
      }
    }
    for (const e of f.env) {
      usage.env.push({ ...at(e, f.file), ...(e.name === undefined ? {} : { name: e.name }) });
      if (e.name === undefined) {
        findings.push({
          ...at(e, f.file),
          rule: 'undeclared-env',
          message: 'reads the whole environment or a variable named at run time, which permissions.env cannot declare',
        });
      } else if (!env.some((d) => d === e.name || (d.endsWith('*') && e.name!.startsWith(d.slice(0, -1))))) {
        findings.push({
          ...at(e, f.file),
          rule: 'undeclared-env',
          message: `reads environment variable ${e.name}, not declared in permissions.env`,
        });
      }
    }
    for (const h of f.hosts) {
      usage.hosts.push({ ...at(h, f.file), host: h.host, url: h.url });
      if (!domainAllowed(h.host, domains)) {
        findings.push({
          ...at(h, f.file),
          rule: 'network-host',
          message: `calls ${h.url}: host ${h.host} is not in permissions.network.allowedDomains`,
        });
      }
    }
    for (const m of f.modules) usage.modules.push({ ...at(m, f.file), module: m.module });
  }
  return { usage, findings };
}

function at(location: { line: number; column: number }, file: string) {
  return { file, line: location.line, column: location.column };
}
