/**
 * Every dependency cycle, each as a path that returns to its start (`a → b → c → a`),
 * found per strongly connected component (Tarjan) so each cycle is reported once.
 */
export function findCycles(nodes: readonly string[], edgesOf: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;

  const visit = (start: string) => {
    // Iterative Tarjan: a 1,000-plugin chain must not blow the call stack.
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    for (let frame = work.at(-1); frame; frame = work.at(-1)) {
      const edges = edgesOf(frame.node);
      if (frame.next < edges.length) {
        const to = edges[frame.next++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work.at(-1)?.node;
      if (parent !== undefined) low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) components.push(component);
      }
    }
  };

  for (const node of [...nodes].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => cyclePath(component, edgesOf)).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** A concrete cycle through a component, starting at its smallest name, following edges by name. */
function cyclePath(component: string[], edgesOf: (node: string) => readonly string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const path = [start];
  const seen = new Set([start]);
  const dfs = (node: string): boolean => {
    for (const to of [...edgesOf(node)].filter((n) => members.has(n)).sort()) {
      if (to === start) {
        path.push(start);
        return true;
      }
      if (seen.has(to)) continue;
      seen.add(to);
      path.push(to);
      if (dfs(to)) return true;
      path.pop();
    }
    return false;
  };
  dfs(start);
  return path;
}
