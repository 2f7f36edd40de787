import type { CodeUsage } from '../analyze';
import { escapePointer } from '../json';
import type { FarmPluginManifest } from '../manifest';
import type { SecurityNeed } from './types';

/**
 * What a plugin needs: its declared `permissions`, what its manifest implies (models and
 * collections → database read+write, AI providers → external network + inference, an ai section →
 * inference, AI models → their provider), and what its code uses (files outside the plugin, URL
 * hosts, database drivers). Code needs point at the manifest place where they belong.
 */
export function inferNeeds(manifest: FarmPluginManifest, usage?: CodeUsage): SecurityNeed[] {
  const needs: SecurityNeed[] = [];
  const p = manifest.permissions;
  p?.filesystem?.read?.forEach((path, i) =>
    needs.push({
      kind: 'filesystem',
      mode: 'read',
      path,
      why: `declared in permissions.filesystem.read`,
      pointer: `/permissions/filesystem/read/${i}`,
    }),
  );
  p?.filesystem?.write?.forEach((path, i) =>
    needs.push({
      kind: 'filesystem',
      mode: 'write',
      path,
      why: `declared in permissions.filesystem.write`,
      pointer: `/permissions/filesystem/write/${i}`,
    }),
  );
  if (p?.network?.external)
    needs.push({
      kind: 'network',
      why: 'declared in permissions.network.external',
      pointer: '/permissions/network/external',
    });
  p?.network?.allowedDomains?.forEach((pattern, i) =>
    needs.push({
      kind: 'network',
      pattern,
      why: 'declared in permissions.network.allowedDomains',
      pointer: `/permissions/network/allowedDomains/${i}`,
    }),
  );
  if (p?.database?.read)
    needs.push({
      kind: 'database',
      mode: 'read',
      why: 'declared in permissions.database.read',
      pointer: '/permissions/database/read',
    });
  if (p?.database?.write)
    needs.push({
      kind: 'database',
      mode: 'write',
      why: 'declared in permissions.database.write',
      pointer: '/permissions/database/write',
    });
  if (p?.ai?.inference)
    needs.push({ kind: 'ai', why: 'declared in permissions.ai.inference', pointer: '/permissions/ai/inference' });
  p?.ai?.providers?.forEach((provider, i) =>
    needs.push({
      kind: 'ai',
      provider,
      why: 'declared in permissions.ai.providers',
      pointer: `/permissions/ai/providers/${i}`,
    }),
  );

  for (const name of Object.keys(manifest.backend?.models ?? {})) {
    const at = { why: `backend model ${name}`, pointer: `/backend/models/${escapePointer(name)}` };
    needs.push({ kind: 'database', mode: 'read', ...at }, { kind: 'database', mode: 'write', ...at });
  }
  for (const name of Object.keys(manifest.database?.collections ?? {})) {
    const at = { why: `database collection ${name}`, pointer: `/database/collections/${escapePointer(name)}` };
    needs.push({ kind: 'database', mode: 'read', ...at }, { kind: 'database', mode: 'write', ...at });
  }
  const ai = manifest.ai;
  for (const name of Object.keys(ai?.providers ?? {})) {
    const at = { why: `AI provider ${name}`, pointer: `/ai/providers/${escapePointer(name)}` };
    needs.push({ kind: 'network', ...at }, { kind: 'ai', ...at }, { kind: 'ai', provider: name, ...at });
  }
  for (const [name, model] of Object.entries(ai?.models ?? {})) {
    needs.push({
      kind: 'ai',
      provider: model.provider,
      why: `AI model ${name}`,
      pointer: `/ai/models/${escapePointer(name)}/provider`,
    });
  }
  const aiEntries = ['models', 'pipelines', 'endpoints'] as const;
  if (aiEntries.some((k) => Object.keys(ai?.[k] ?? {}).length > 0))
    needs.push({ kind: 'ai', why: 'the ai section', pointer: '/ai' });

  for (const f of usage?.files ?? []) {
    if (f.inside) continue;
    needs.push({
      kind: 'filesystem',
      mode: f.mode,
      ...(f.path === undefined ? {} : { path: f.path }),
      why: `code at ${f.file}:${f.line}:${f.column}`,
      pointer: `/permissions/filesystem/${f.mode}`,
    });
  }
  for (const h of usage?.hosts ?? []) {
    needs.push({
      kind: 'network',
      host: h.host,
      why: `code at ${h.file}:${h.line}:${h.column}`,
      pointer: '/permissions/network/allowedDomains',
    });
  }
  for (const m of usage?.modules ?? []) {
    needs.push({
      kind: 'database',
      mode: 'read',
      why: `code at ${m.file}:${m.line}:${m.column} imports ${m.module}`,
      pointer: '/permissions/database',
    });
  }
  return needs;
}
