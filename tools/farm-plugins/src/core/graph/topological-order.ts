/**
 * Dependencies before dependents; among plugins that are ready at the same time, by name, so the
 * order (and everything generated from it) is deterministic. Nodes left in cycles come last, by name.
 * The ready set is a binary heap: O((V + E) log V), where re-sorting it each step was quadratic
 * at 1,000 plugins (docs/performance.md).
 */
export function topologicalOrder(
  nodes: readonly string[],
  dependenciesOf: (node: string) => readonly string[],
): string[] {
  const members = new Set(nodes);
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of nodes) {
    const deps = [...new Set(dependenciesOf(node))].filter((d) => members.has(d) && d !== node);
    remaining.set(node, deps.length);
    for (const d of deps) (dependents.get(d) ?? dependents.set(d, []).get(d)!).push(node);
  }
  const ready = new MinHeap();
  for (const node of nodes) if (remaining.get(node) === 0) ready.push(node);
  const order: string[] = [];
  while (ready.size) {
    const node = ready.pop();
    order.push(node);
    for (const dependent of dependents.get(node) ?? []) {
      const left = remaining.get(dependent)! - 1;
      remaining.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (order.length < nodes.length) {
    const placed = new Set(order);
    order.push(...nodes.filter((n) => !placed.has(n)).sort());
  }
  return order;
}

/** Strings, smallest first by UTF-16 code units (the order of `Array.prototype.sort()`). */
class MinHeap {
  private readonly items: string[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: string): void {
    const { items } = this;
    let i = items.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent]!;
      if (above <= item) break;
      items[i] = above;
      i = parent;
    }
    items[i] = item;
  }

  pop(): string {
    const { items } = this;
    // pop() is only called on a non-empty heap (see its callers' `size` checks).
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && items[right]! < items[left]! ? right : left;
        const below = items[child]!;
        if (below >= last) break;
        items[i] = below;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
