import { isPythonIdentifier, isTsIdentifier } from '../emit/shared';
import { exportOf, pythonCodeKinds, type CodeKind } from '../manifest/code-entries';

/**
 * The local identifier generated code binds a plugin's entry to: `<alias>_<kind>_<key>`, with
 * every `_` of the alias doubled — `auth` router `users` → `auth_router_users`, `ai_chat` provider
 * `ollama` → `ai__chat_provider_ollama`.
 *
 * Injective over (plugin, kind, key), so no two entries of the active plugins share a local
 * (issue 12 item 4): aliases are unique among active plugins (FARM_E050) and made of
 * [A-Za-z0-9_]; reading from the left, `__` is an underscore of the alias and the first single
 * `_` ends it; the kind contains no `_`; the rest is the key. The old `<alias>__<key>` was not:
 * `a_` + `b` and `a` + `_b` both gave `a___b`, and a router and a model of one plugin with the
 * same key shared one name in integration.py.
 */
export function localName(alias: string, kind: CodeKind, key: string): string {
  return `${alias.replace(/_/g, '__')}_${kind}_${key}`;
}

/**
 * Why an entry's names cannot be used in generated code (FARM_E051), each at its pointer suffix
 * ('' = the entry, '/export'). Python: the attribute imported (`export`, else the key) must be an
 * identifier and not a keyword; with an explicit `export` the key only has to fit in a local, so
 * `class` may name an entry. TypeScript: the key is exported by name from the generated index,
 * and `export` names `default` or an identifier.
 */
export function entryNameProblems(
  kind: CodeKind,
  key: string,
  entry: { export?: string },
): { at: '' | '/export'; message: string }[] {
  const problems: { at: '' | '/export'; message: string }[] = [];
  if (pythonCodeKinds.has(kind)) {
    const exported = exportOf(kind, key, entry);
    if (!isPythonIdentifier(exported))
      problems.push({
        at: entry.export === undefined ? '' : '/export',
        message: `"${exported}" is not a Python identifier (or is a keyword)`,
      });
    if (entry.export !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      problems.push({ at: '', message: `"${key}" cannot be part of a Python name (letters, digits, _)` });
  } else {
    if (!isTsIdentifier(key))
      problems.push({ at: '', message: `"${key}" is not a TypeScript identifier (or is a reserved word)` });
    if (entry.export !== undefined && entry.export !== 'default' && !isTsIdentifier(entry.export))
      problems.push({
        at: '/export',
        message: `export "${entry.export}" is not a TypeScript identifier (or is a reserved word)`,
      });
  }
  return problems;
}
