import { problem, type FarmProblem } from '../errors';
import { findTooDeep, maxJsonDepth, parseJsonDocument, repeatedKeyMessage, type JsonDocument } from '../json';
import { builtInValidator, schemaErrorsToProblems } from '../schema';
import { workspaceFile, type FarmWorkspace } from './types';
import workspaceSchema from './workspace.schema.json';

let validateWorkspace: ReturnType<typeof builtInValidator> | undefined;

/** Parses and validates workspace.json text. Every read goes through here. */
export function parseWorkspaceFile(
  text: string,
  file = workspaceFile,
): { workspace?: FarmWorkspace; document?: JsonDocument; problems: FarmProblem[] } {
  const parsed = parseJsonDocument(text);
  if ('errors' in parsed) {
    return {
      problems: parsed.errors.map((e) =>
        problem('FARM_E010', `JSON syntax: ${e.message}`, { file, line: e.line, column: e.column }),
      ),
    };
  }
  if ('repeatedKeys' in parsed) {
    return {
      problems: parsed.repeatedKeys.map((k) =>
        problem('FARM_E015', repeatedKeyMessage(k), { file, pointer: k.pointer, line: k.line, column: k.column }),
      ),
    };
  }
  // As for manifests: refuse what would overflow the recursive checks after (config digests, merges).
  const tooDeep = parsed.document.nesting > maxJsonDepth ? findTooDeep(parsed.document.value, maxJsonDepth) : undefined;
  if (tooDeep !== undefined)
    return {
      problems: [
        problem('FARM_E014', `${tooDeep} nests objects and arrays more than ${maxJsonDepth} levels deep`, {
          file,
          pointer: tooDeep,
        }),
      ],
    };
  validateWorkspace ??= builtInValidator('workspace', workspaceSchema);
  if (!validateWorkspace(parsed.document.value)) {
    return {
      problems: schemaErrorsToProblems(validateWorkspace.errors ?? [], {
        code: 'FARM_E011',
        file,
        document: parsed.document,
        rootSchema: workspaceSchema,
      }),
    };
  }
  return { workspace: parsed.document.value as FarmWorkspace, document: parsed.document, problems: [] };
}

/** Stable, sorted serialisation so a workspace.json diff shows only what changed. */
export function serializeWorkspaceFile(workspace: FarmWorkspace): string {
  const plugins = Object.fromEntries(
    Object.keys(workspace.plugins)
      .sort()
      .map((name) => [name, workspace.plugins[name]]),
  );
  return JSON.stringify({ ...workspace, plugins }, null, 2) + '\n';
}
