import type { AttributeValue, Item } from '../values/types.js';
import type { DocumentPath } from './ast.js';
import type { ExpressionAttributes } from './attributes.js';
import { checkPathOverlaps } from './overlap.js';
import { ExpressionParser } from './parser.js';
import { cloneValue } from './paths.js';

// ProjectionExpression: path (',' path)*. Projecting keeps the document structure; selected list
// elements are kept in index order and compacted, as AWS returns them.

class ProjectionParser extends ExpressionParser {
  constructor(src: string, attrs: ExpressionAttributes) {
    super(src, 'ProjectionExpression', attrs, new Set());
  }

  parseAll(): DocumentPath[] {
    const paths = [this.parsePath()];
    while (this.isPunct(',')) {
      this.pos++;
      paths.push(this.parsePath());
    }
    this.expectEnd();
    this.flushDeferred();
    return paths;
  }
}

export function parseProjection(expression: string, attrs: ExpressionAttributes): DocumentPath[] {
  const paths = new ProjectionParser(expression, attrs).parseAll();
  checkPathOverlaps(paths, 'ProjectionExpression');
  return paths;
}

// A projection tree: map keys or list indexes to subtrees; `true` selects the whole value.
type Tree = Map<string | number, Tree | true>;

function insert(tree: Tree, path: DocumentPath): void {
  let node = tree;
  path.elements.forEach((el, i) => {
    const key = el.kind === 'name' ? el.name : el.index;
    if (i === path.elements.length - 1) {
      node.set(key, true);
      return;
    }
    const nextNode = node.get(key);
    if (nextNode === true) return;
    const created: Tree = nextNode ?? new Map();
    node.set(key, created);
    node = created;
  });
}

function pick(v: AttributeValue, tree: Tree): AttributeValue | undefined {
  if ('M' in v) {
    const out: Record<string, AttributeValue> = {};
    for (const [k, sub] of tree) {
      if (typeof k !== 'string' || v.M[k] === undefined) continue;
      const picked = sub === true ? cloneValue(v.M[k]) : pick(v.M[k], sub);
      if (picked !== undefined) out[k] = picked;
    }
    return Object.keys(out).length > 0 ? { M: out } : undefined;
  }
  if ('L' in v) {
    const indexes = [...tree.keys()].filter((k): k is number => typeof k === 'number').sort((a, b) => a - b);
    const out: AttributeValue[] = [];
    for (const i of indexes) {
      const el = v.L[i];
      const sub = tree.get(i)!;
      if (el === undefined) continue;
      const picked = sub === true ? cloneValue(el) : pick(el, sub);
      if (picked !== undefined) out.push(picked);
    }
    return out.length > 0 ? { L: out } : undefined;
  }
  return undefined;
}

/** The parts of `item` selected by `paths`. */
export function project(item: Item, paths: DocumentPath[]): Item {
  const tree: Tree = new Map();
  paths.forEach((p) => insert(tree, p));
  const picked = pick({ M: item }, tree);
  return picked && 'M' in picked ? picked.M : {};
}
