import { formatPathList, type DocumentPath } from './ast.js';
import { invalidExpression, type ExpressionKind } from './errors.js';

// Two paths "overlap" when one is a prefix of (or equal to) the other, and "conflict" when they
// diverge at a step where one indexes a list and the other names a map key. AWS reports the first
// offending pair in expression order.

export function checkPathOverlaps(paths: DocumentPath[], kind: ExpressionKind): void {
  for (let i = 0; i < paths.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = paths[j]!.elements;
      const b = paths[i]!.elements;
      const n = Math.min(a.length, b.length);
      let k = 0;
      let conflict = false;
      for (; k < n; k++) {
        const x = a[k]!;
        const y = b[k]!;
        if (x.kind !== y.kind) {
          conflict = true;
          break;
        }
        if (x.kind === 'name' ? x.name !== (y as typeof x).name : x.index !== (y as typeof x).index) break;
      }
      const one = formatPathList(paths[j]!);
      const two = formatPathList(paths[i]!);
      if (conflict) {
        throw invalidExpression(
          kind,
          `Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${one}, path two: ${two}`,
        );
      }
      if (k === n) {
        throw invalidExpression(
          kind,
          `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${one}, path two: ${two}`,
        );
      }
    }
  }
}
