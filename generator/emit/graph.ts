import type { NamedSchema } from "../model/types.js";
import { refsOf } from "../model/walk.js";

/**
 * Strongly connected components of the schema reference graph (Tarjan). Two schemas in one
 * component refer to each other, so a reference between them must be lazy.
 */
export function componentsOf(schemas: readonly NamedSchema[]): Map<string, number> {
  const edges = new Map(schemas.map((s) => [s.name, [...refsOf(s.schema)]]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;
  let components = 0;
  const visit = (start: string) => {
    // Iterative to survive deep reference chains in large descriptions.
    const work: [string, number][] = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [node, i] = frame;
      const next = edges.get(node)?.[i];
      if (next !== undefined) {
        frame[1]++;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push([next, 0]);
        } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0])!, low.get(node)!));
      if (low.get(node) === index.get(node)) {
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.set(member, components);
        } while (member !== node);
        components++;
      }
    }
  };
  for (const schema of schemas) if (!index.has(schema.name)) visit(schema.name);
  return component;
}
