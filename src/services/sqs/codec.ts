// Message attributes as stored in sqs_bodies.attributes: JSON with binary values in base64.
import type { MessageAttributeValue, MessageBodyAttributeMap } from './api.js';

interface StoredAttr {
  t: string;
  s?: string;
  b?: string;
}

export function serializeAttributes(attrs: MessageBodyAttributeMap | undefined): string | null {
  if (!attrs) return null;
  const names = Object.keys(attrs);
  if (names.length === 0) return null;
  const out: Record<string, StoredAttr> = {};
  for (const n of names) {
    const v = attrs[n] as MessageAttributeValue;
    const s: StoredAttr = { t: v.DataType };
    if (v.StringValue !== undefined) s.s = v.StringValue;
    if (v.BinaryValue !== undefined) s.b = Buffer.from(v.BinaryValue).toString('base64');
    out[n] = s;
  }
  return JSON.stringify(out);
}

export function deserializeAttributes(json: string | null): MessageBodyAttributeMap | undefined {
  if (!json) return undefined;
  const stored = JSON.parse(json) as Record<string, StoredAttr>;
  const out: MessageBodyAttributeMap = {};
  for (const [n, s] of Object.entries(stored)) {
    const v: MessageAttributeValue = { DataType: s.t };
    if (s.s !== undefined) v.StringValue = s.s;
    if (s.b !== undefined) v.BinaryValue = new Uint8Array(Buffer.from(s.b, 'base64'));
    out[n] = v;
  }
  return out;
}
