import type { AttributeValue, Item } from '../values/types.js';
import type { DocumentPath, PathElement } from './ast.js';
import { DynamoValidationError } from './errors.js';

// Reading and writing document paths (a.b[2].c) inside items. Writers mutate the given (already
// copied) item; callers clone first.

export const INVALID_UPDATE_PATH = 'The document path provided in the update expression is invalid for update';

function child(v: AttributeValue | undefined, el: PathElement): AttributeValue | undefined {
  if (v === undefined) return undefined;
  if (el.kind === 'name') return 'M' in v ? v.M[el.name] : undefined;
  return 'L' in v ? v.L[el.index] : undefined;
}

/** The value at a path, or undefined when any step is missing or of the wrong type. */
export function getPath(item: Item, path: DocumentPath): AttributeValue | undefined {
  const [first, ...rest] = path.elements;
  if (!first || first.kind !== 'name') return undefined;
  let v: AttributeValue | undefined = item[first.name];
  for (const el of rest) v = child(v, el);
  return v;
}

/** The container that holds the last element of `path`, or undefined when it does not exist. */
function parentOf(item: Item, path: DocumentPath): AttributeValue | undefined {
  return getPath(item, { elements: path.elements.slice(0, -1) });
}

/** SET semantics: parents must exist; an index past the end of a list appends. */
export function setPath(item: Item, path: DocumentPath, value: AttributeValue): void {
  const last = path.elements[path.elements.length - 1]!;
  if (path.elements.length === 1 && last.kind === 'name') {
    item[last.name] = value;
    return;
  }
  const parent = parentOf(item, path);
  if (last.kind === 'name' && parent && 'M' in parent) {
    parent.M[last.name] = value;
    return;
  }
  if (last.kind === 'index' && parent && 'L' in parent) {
    if (last.index < parent.L.length) parent.L[last.index] = value;
    else parent.L.push(value);
    return;
  }
  throw new DynamoValidationError(INVALID_UPDATE_PATH);
}

/** REMOVE semantics: a missing leaf is a no-op; a missing or mistyped parent is an error. */
export function removePath(item: Item, path: DocumentPath): void {
  const last = path.elements[path.elements.length - 1]!;
  if (path.elements.length === 1 && last.kind === 'name') {
    delete item[last.name];
    return;
  }
  const parent = parentOf(item, path);
  if (last.kind === 'name' && parent && 'M' in parent) {
    delete parent.M[last.name];
    return;
  }
  if (last.kind === 'index' && parent && 'L' in parent) {
    if (last.index < parent.L.length) parent.L.splice(last.index, 1);
    return;
  }
  throw new DynamoValidationError(INVALID_UPDATE_PATH);
}

/** Whether the container that would hold `path` exists (used by ADD on nested paths). */
export function parentExists(item: Item, path: DocumentPath): boolean {
  if (path.elements.length === 1) return true;
  const parent = parentOf(item, path);
  const last = path.elements[path.elements.length - 1]!;
  return parent !== undefined && (last.kind === 'name' ? 'M' in parent : 'L' in parent);
}

export function cloneValue<T extends AttributeValue>(v: T): T {
  return structuredClone(v);
}

export function cloneItem(item: Item): Item {
  return structuredClone(item);
}
