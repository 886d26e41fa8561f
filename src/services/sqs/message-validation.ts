// Validation of what a sender supplies: body characters, message attributes, system attributes, and the
// message size that counts against MaximumMessageSize (body plus every attribute's name, type and value).
import type { MessageAttributeValue, MessageBodyAttributeMap, MessageBodySystemAttributeMap } from './api.js';
import { SqsErrors } from './errors.js';

// Characters outside the XML 1.0 set SQS allows (lone surrogates included, thanks to the u flag).
const INVALID_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ALLOWED_SET = '#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF';
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function invalidCharIn(text: string): string | undefined {
  const m = INVALID_CHAR.exec(text);
  if (!m) return undefined;
  return `#x${(m[0].codePointAt(0) as number).toString(16).toUpperCase()}`;
}

export function checkBody(body: string): void {
  if (body.length === 0) throw SqsErrors.missingParameter('MessageBody');
  const bad = invalidCharIn(body);
  if (bad) {
    throw SqsErrors.invalidMessageContents(
      `Invalid binary character '${bad}' was found in the message body, the set of allowed characters is ${ALLOWED_SET}`,
    );
  }
}

function checkAttributeName(name: string): void {
  const lower = name.toLowerCase();
  if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
    throw SqsErrors.invalidParameterValue(
      `Message (user) attribute name '${name}' is invalid. The attribute name can contain only the following characters: A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.). The name must not start or end with a period, and it should not have successive periods.`,
    );
  }
  if (lower.startsWith('aws.') || lower.startsWith('amazon.')) {
    throw SqsErrors.invalidParameterValue(
      `You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use.`,
    );
  }
}

/** Byte size of one attribute as SQS counts it toward the message size. */
function attributeSize(name: string, v: MessageAttributeValue): number {
  let n = Buffer.byteLength(name, 'utf8') + Buffer.byteLength(v.DataType, 'utf8');
  if (v.StringValue !== undefined) n += Buffer.byteLength(v.StringValue, 'utf8');
  if (v.BinaryValue !== undefined) n += v.BinaryValue.byteLength;
  return n;
}

function checkValue(kind: 'user' | 'system', name: string, v: MessageAttributeValue): void {
  const label = kind === 'user' ? 'Message (user)' : 'Message system';
  const type = v.DataType ?? '';
  const base = /^(String|Number|Binary)(\..+)?$/.exec(type)?.[1];
  if (!base || type.length > 256) {
    throw SqsErrors.invalidParameterValue(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (v.StringListValues !== undefined || v.BinaryListValues !== undefined) {
    throw SqsErrors.invalidParameterValue(`Message attribute list values in SendMessage operation are not supported.`);
  }
  if (base === 'Binary') {
    if (v.BinaryValue === undefined || v.BinaryValue.byteLength === 0) {
      throw SqsErrors.invalidParameterValue(
        `${label} attribute '${name}' must contain a non-empty value of type 'Binary'.`,
      );
    }
    if (v.StringValue !== undefined) {
      throw SqsErrors.invalidParameterValue(`${label} attribute '${name}' must have a single value of type 'Binary'.`);
    }
    return;
  }
  if (v.StringValue === undefined || v.StringValue.length === 0) {
    throw SqsErrors.invalidParameterValue(
      `${label} attribute '${name}' must contain a non-empty value of type '${base}'.`,
    );
  }
  if (v.BinaryValue !== undefined) {
    throw SqsErrors.invalidParameterValue(`${label} attribute '${name}' must have a single value of type '${base}'.`);
  }
  if (base === 'Number' && !NUMBER_RE.test(v.StringValue)) {
    throw SqsErrors.invalidParameterValue(`Could not cast message attribute '${name}' value to number.`);
  }
  const bad = invalidCharIn(v.StringValue);
  if (bad) {
    throw SqsErrors.invalidParameterValue(
      `${label} attribute '${name}' contains invalid character '${bad}'. The set of allowed characters is ${ALLOWED_SET}`,
    );
  }
}

/** Validates user attributes; returns their size contribution. */
export function checkMessageAttributes(attrs: MessageBodyAttributeMap | undefined): number {
  if (!attrs) return 0;
  const names = Object.keys(attrs);
  if (names.length > 10) {
    throw SqsErrors.invalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [10].`,
    );
  }
  let size = 0;
  for (const name of names) {
    const v = attrs[name] as MessageAttributeValue;
    checkAttributeName(name);
    checkValue('user', name, v);
    size += attributeSize(name, v);
  }
  return size;
}

/** Validates MessageSystemAttributes (only AWSTraceHeader, a String, exists for sends). */
export function checkSystemAttributes(attrs: MessageBodySystemAttributeMap | undefined): string | undefined {
  if (!attrs) return undefined;
  let trace: string | undefined;
  for (const [name, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    if (name !== 'AWSTraceHeader') {
      throw SqsErrors.invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    }
    checkValue('system', name, v);
    if (v.DataType !== 'String') {
      throw SqsErrors.invalidParameterValue(`Message system attribute '${name}' must be of type 'String'.`);
    }
    trace = v.StringValue;
  }
  return trace;
}

/** Body bytes plus user attribute bytes: what MaximumMessageSize limits. */
export function messageSize(body: string, attrSize: number): number {
  return Buffer.byteLength(body, 'utf8') + attrSize;
}
