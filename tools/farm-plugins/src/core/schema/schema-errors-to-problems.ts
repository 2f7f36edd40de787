import type { ErrorObject } from 'ajv';
import type { FarmErrorCode } from '../errors';
import { problem, type FarmProblem } from '../errors';
import type { JsonDocument } from '../json';
import { describeSchemaError } from './describe-schema-error';

/**
 * Maps ajv errors to located problems. `oneOf`/`anyOf` branch noise is dropped when a more
 * specific error sits under the same pointer, so a person sees one cause per place.
 */
export function schemaErrorsToProblems(
  errors: readonly ErrorObject[],
  at: {
    code: FarmErrorCode;
    file: string;
    plugin?: string;
    document?: JsonDocument;
    rootSchema?: object;
    pointerPrefix?: string;
  },
): FarmProblem[] {
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const kept = errors.filter((e) => {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf')
      return !specific.some((s) => s.instancePath.startsWith(e.instancePath) && !isBranchNoise(s));
    return (
      !isBranchNoise(e) ||
      !errors.some((o) => (o.keyword === 'oneOf' || o.keyword === 'anyOf') && o.instancePath === e.instancePath)
    );
  });
  const seen = new Set<string>();
  const out: FarmProblem[] = [];
  for (const error of kept) {
    const d = describeSchemaError(error, (schemaPath) => propertiesAt(at.rootSchema, schemaPath));
    const pointer = (at.pointerPrefix ?? '') + d.pointer;
    const key = `${pointer}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(
      problem(at.code, `${pointer || '/'} ${d.message}`, {
        plugin: at.plugin,
        file: at.file,
        pointer,
        fix: d.fix,
        ...at.document?.locate(pointer),
      }),
    );
  }
  return out;
}

/** Errors produced inside a oneOf/anyOf branch: "type" mismatches of the branches that did not apply. */
function isBranchNoise(e: ErrorObject): boolean {
  return /\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath) && (e.keyword === 'type' || e.keyword === 'required');
}

/** The property names the schema allows at an `additionalProperties` error, for "did you mean". */
function propertiesAt(rootSchema: object | undefined, schemaPath: string): string[] {
  if (!rootSchema) return [];
  // A walk through an arbitrary JSON Schema document: any node, any key.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let node: any = rootSchema;
  const parts = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  for (const part of parts) {
    node = node?.[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))];
    if (node && typeof node.$ref === 'string') node = resolveRef(rootSchema, node.$ref);
  }
  return node && typeof node.properties === 'object' ? Object.keys(node.properties) : [];
}

function resolveRef(root: object, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], root);
}
