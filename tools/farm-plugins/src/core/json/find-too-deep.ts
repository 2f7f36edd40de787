import { toPointer } from './json-document';

/**
 * Levels of objects and arrays a FARM JSON file (plugin.json, workspace.json) may nest: far beyond
 * real files, far below what overflows the stack of the recursive checks after parsing.
 */
export const maxJsonDepth = 200;

interface Pending {
  value: object;
  depth: number;
  parent?: Pending;
  key?: string | number;
}

/**
 * The JSON pointer of the first object or array nested more than `limit` levels deep in a parsed
 * JSON value, or undefined. Iterative: a hostile document (a 1 MiB manifest can nest ~250,000
 * levels) must be refused with a location, not overflow the stack of every recursive check after.
 */
export function findTooDeep(value: unknown, limit: number): string | undefined {
  // Every manifest passes through here: the common answer ("not too deep") allocates nothing per
  // node; the path is only built, by a second walk, for a document that is too deep.
  return exceeds(value, limit) ? toPointer(pathToTooDeep(value, limit)) : undefined;
}

function exceeds(value: unknown, limit: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const child of children) {
      values.push(child);
      depths.push(depth + 1);
    }
  }
  return false;
}

function pathToTooDeep(value: unknown, limit: number): (string | number)[] {
  const pending: Pending[] = [{ value: value as object, depth: 0 }];
  while (pending.length) {
    const node = pending.pop()!;
    if (node.depth >= limit) return pathOf(node);
    const v = node.value as Record<string, unknown> | unknown[];
    const push = (child: unknown, key: string | number) => {
      if (child !== null && typeof child === 'object')
        pending.push({ value: child, depth: node.depth + 1, parent: node, key });
    };
    if (Array.isArray(v)) v.forEach(push);
    else for (const key in v) if (Object.hasOwn(v, key)) push(v[key], key);
  }
  return [];
}

function pathOf(node: Pending): (string | number)[] {
  const path: (string | number)[] = [];
  for (let n: Pending | undefined = node; n?.parent; n = n.parent) path.push(n.key!);
  return path.reverse();
}
