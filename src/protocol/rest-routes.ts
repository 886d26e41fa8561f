// REST routing: which operation a request is for, from its method, path and query, matched against the
// operations' `http.uri` templates (labels `{Name}`, greedy `{Key+}`, literal query requirements).
import type { OperationModel, ServiceModel } from './model.js';

type Segment = { kind: 'literal'; value: string } | { kind: 'label'; name: string; greedy: boolean };

interface CompiledRoute {
  operation: OperationModel;
  method: string;
  segments: Segment[];
  /** Literal query requirements of the template (`?versions`, `?x-id=GetObject`): name -> value or ''. */
  query: Array<[string, string | undefined]>;
  /** Query parameters bound to required input members: a request without them is another operation. */
  requiredQuery: string[];
  /** Higher wins: more literal segments, then more query literals, greedy labels last. */
  score: number;
}

export interface RestMatch {
  operation: OperationModel;
  labels: Record<string, string>;
}

function compile(model: ServiceModel, operation: OperationModel, method: string, uri: string): CompiledRoute {
  const q = uri.indexOf('?');
  const path = q === -1 ? uri : uri.slice(0, q);
  const query: Array<[string, string | undefined]> = [];
  if (q !== -1) {
    for (const part of uri.slice(q + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      query.push(eq === -1 ? [part, undefined] : [part.slice(0, eq), part.slice(eq + 1)]);
    }
  }
  const segments: Segment[] = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^\{([^}+]+)(\+)?\}$/.exec(s);
      return m ? { kind: 'label', name: m[1]!, greedy: m[2] === '+' } : { kind: 'literal', value: s };
    });
  const literals = segments.filter((s) => s.kind === 'literal').length;
  const greedy = segments.some((s) => s.kind === 'label' && s.greedy);
  const input = operation.input ? model.shapes[operation.input] : undefined;
  const requiredQuery =
    input?.type === 'structure'
      ? Object.entries(input.members)
          .filter(([, m]) => m.required && m.http?.location === 'query')
          .map(([name, m]) => m.http?.name ?? name)
      : [];
  // S3's `x-id` hint is optional (clients other than the SDK never send it), so it does not make a route more
  // specific: `?tagging` must beat `?x-id=GetObject` when no x-id is sent.
  const queryLiterals = query.filter(([k]) => k !== 'x-id').length;
  const score =
    literals * 1000 + segments.length * 10 + queryLiterals * 100 + requiredQuery.length * 50 - (greedy ? 500 : 0);
  return { operation, method, segments, query, requiredQuery, score };
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The routing table of one REST service, built once from its operations' http traits. */
export class RestRoutes {
  private readonly routes: CompiledRoute[];

  constructor(model: ServiceModel) {
    this.routes = Object.values(model.operations)
      .filter((op) => op.http)
      .map((op) => compile(model, op, op.http!.method, op.http!.uri))
      .sort((a, b) => b.score - a.score);
  }

  /** The most specific operation whose method, path and literal query match; undefined if none. */
  match(method: string, rawPath: string, query: URLSearchParams): RestMatch | undefined {
    const parts = rawPath.split('/').filter((s) => s !== '');
    // Routes whose required query members are all present win; without them the request still reaches its
    // operation (and fails validation there, as AWS answers).
    return this.find(method, parts, query, true) ?? this.find(method, parts, query, false);
  }

  private find(method: string, parts: string[], query: URLSearchParams, strict: boolean): RestMatch | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      // Literal query parameters must be present, except `x-id` (S3's client-side hint naming the operation,
      // which other clients never send): it must agree when sent.
      const literalsOk = route.query.every(([k, v]) =>
        v === undefined ? query.has(k) : query.get(k) === v || (k === 'x-id' && !query.has(k)),
      );
      if (!literalsOk) continue;
      if (strict && !route.requiredQuery.every((k) => query.has(k))) continue;
      const labels = matchPath(route.segments, parts);
      if (labels) return { operation: route.operation, labels };
    }
    return undefined;
  }
}

function matchPath(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s]!;
    if (seg.kind === 'label' && seg.greedy) {
      // A greedy label takes every segment up to the literals that follow it.
      const rest = segments.length - s - 1;
      const take = parts.length - i - rest;
      if (take < 1) return undefined;
      const value = decode(parts.slice(i, i + take).join('/'));
      if (value === undefined) return undefined;
      labels[seg.name] = value;
      i += take;
      continue;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    const value = decode(part);
    if (value === undefined) return undefined;
    if (seg.kind === 'literal') {
      if (value !== seg.value) return undefined;
    } else {
      if (value === '') return undefined;
      labels[seg.name] = value;
    }
    i++;
  }
  return i === parts.length ? labels : undefined;
}
