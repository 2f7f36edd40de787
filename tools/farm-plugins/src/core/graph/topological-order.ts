/**
 * Dependencies before dependents; among plugins that are ready at the same time, by name, so the
 * order (and everything generated from it) is deterministic. Nodes left in cycles come last, by name.
 */
export function topologicalOrder(nodes: readonly string[], dependenciesOf: (node: string) => readonly string[]): string[] {
  const members = new Set(nodes);
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of nodes) {
    const deps = [...new Set(dependenciesOf(node))].filter((d) => members.has(d) && d !== node);
    remaining.set(node, deps.length);
    for (const d of deps) (dependents.get(d) ?? dependents.set(d, []).get(d)!).push(node);
  }
  const ready = nodes.filter((n) => remaining.get(n) === 0).sort();
  const order: string[] = [];
  while (ready.length) {
    const node = ready.shift()!;
    order.push(node);
    const released: string[] = [];
    for (const dependent of dependents.get(node) ?? []) {
      const left = remaining.get(dependent)! - 1;
      remaining.set(dependent, left);
      if (left === 0) released.push(dependent);
    }
    if (released.length) {
      ready.push(...released);
      ready.sort();
    }
  }
  if (order.length < nodes.length) order.push(...nodes.filter((n) => !order.includes(n)).sort());
  return order;
}
