// Glob matching for policy elements. Patterns are compiled once and cached: the same few hundred patterns are matched
// on every request. LITERAL_STAR/LITERAL_QUESTION come from `${*}`/`${?}` and match only the plain character.
import { LITERAL_QUESTION, LITERAL_STAR } from './variables.js';

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 10_000;

function escape(c: string): string {
  if (c === LITERAL_STAR) return '\\*';
  if (c === LITERAL_QUESTION) return '\\?';
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function compile(key: string, build: () => string, flags: string): RegExp {
  let re = cache.get(key);
  if (!re) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    re = new RegExp(`^${build()}$`, flags);
    cache.set(key, re);
  }
  return re;
}

function hasLiteralMarkers(pattern: string): boolean {
  return pattern.includes(LITERAL_STAR) || pattern.includes(LITERAL_QUESTION);
}

function globSource(pattern: string): string {
  let out = '';
  for (const c of pattern) out += c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : escape(c);
  return out;
}

/** `*` = any run of characters, `?` = exactly one character; everything else literal. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?') && !hasLiteralMarkers(pattern)) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  const re = compile(`g${ignoreCase ? 'i' : 's'}:${pattern}`, () => globSource(pattern), ignoreCase ? 'i' : '');
  return re.test(value);
}

/** Action names are case-insensitive ("SQS:sendmessage" matches "sqs:SendMessage"). */
export function actionMatch(pattern: string, action: string): boolean {
  return globMatch(pattern, action, true);
}

/**
 * Resource element matching (case-sensitive). The IAM User Guide: wildcards work within each colon-separated ARN
 * segment, and a `*` that is the last character of a segment can expand beyond the colon boundaries. So a `*` followed
 * by more text in its segment stays inside the segment, while `arn:aws:s3:::bucket*` or `arn:aws:*` run to the end.
 */
export function resourceMatch(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?') && !hasLiteralMarkers(pattern)) return pattern === resource;
  const re = compile(
    `r:${pattern}`,
    () => {
      let out = '';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '*') {
          const next = pattern[i + 1];
          out += next === undefined || next === ':' ? '[\\s\\S]*' : '[^:]*';
        } else if (c === '?') out += '[^:]';
        else out += escape(c);
      }
      return out;
    },
    '',
  );
  return re.test(resource);
}

/** Splits an ARN into its six components; the last one (the resource) keeps any further colons. */
export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let rest = arn;
  for (let i = 0; i < 5; i++) {
    const at = rest.indexOf(':');
    if (at < 0) return undefined;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts[0] === 'arn' ? parts : undefined;
}

/**
 * ArnEquals/ArnLike: "each of the six colon-delimited components of the ARN is checked separately", each with `*` and
 * `?` wildcards. Both operators accept wildcards; a value that is not an ARN never matches.
 */
export function arnMatch(pattern: string, value: string): boolean {
  const p = splitArn(pattern);
  const v = splitArn(value);
  if (!p || !v) return false;
  for (let i = 0; i < 6; i++) if (!globMatch(p[i], v[i])) return false;
  return true;
}
