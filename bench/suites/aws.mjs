// SigV4-signed, pre-serialized requests for the raw-socket client (bench/http-client.mjs), for the three wire
// protocols the service suites need: JSON (x-amz-target), Query (SNS, form-encoded) and REST-JSON (Lambda).
// Throughput rows sign each distinct request once and replay the bytes, so the load generator stays cheap.
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { Connection } from '../http-client.mjs';

const signers = new Map();
function signer(service) {
  if (!signers.has(service)) {
    const s = new SignatureV4({
      service,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      sha256: Sha256,
      applyChecksum: false,
    });
    signers.set(service, s);
  }
  return signers.get(service);
}

// Signing name, x-amz-target prefix and JSON content type per JSON-protocol service.
export const JSON_SERVICES = {
  dynamodb: { signing: 'dynamodb', prefix: 'DynamoDB_20120810', type: 'application/x-amz-json-1.0' },
  sfn: { signing: 'states', prefix: 'AWSStepFunctions', type: 'application/x-amz-json-1.0' },
  events: { signing: 'events', prefix: 'AWSEvents', type: 'application/x-amz-json-1.1' },
  sqs: { signing: 'sqs', prefix: 'AmazonSQS', type: 'application/x-amz-json-1.0' },
};

async function build(host, port, service, { method = 'POST', path = '/', headers = {}, body = '' }) {
  const signed = await signer(service).sign({
    method,
    protocol: 'http:',
    hostname: host,
    port,
    path,
    query: {},
    headers: { host: `${host}:${port}`, ...headers },
    body,
  });
  let head = `${method} ${path} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(signed.headers)) head += `${name}: ${value}\r\n`;
  return Buffer.from(`${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

export function jsonRequest(host, port, svc, operation, payload) {
  const { signing, prefix, type } = JSON_SERVICES[svc];
  const headers = { 'content-type': type, 'x-amz-target': `${prefix}.${operation}` };
  return build(host, port, signing, { headers, body: JSON.stringify(payload) });
}

/** SNS Query protocol: params is a flat { 'Name': value, 'Attributes.entry.1.key': ... } object. */
export function snsRequest(host, port, params) {
  const body = new URLSearchParams({ Version: '2010-03-31', ...params }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  return build(host, port, 'sns', { headers, body });
}

export function lambdaRequest(host, port, method, path, payload) {
  const body = payload === undefined ? '' : JSON.stringify(payload);
  const headers = payload === undefined ? {} : { 'content-type': 'application/json' };
  return build(host, port, 'lambda', { method, path, headers, body });
}

/** Throws a readable error unless the response is a 2xx; returns the body text. */
export function ok(res, what) {
  if (res.status < 200 || res.status > 299) {
    throw new Error(`${what}: HTTP ${res.status} ${res.body.toString('utf8', 0, 300)}`);
  }
  return res.body.toString('utf8');
}

/** One connection for setup and control calls (not measured). */
export class Client {
  constructor(host, port) {
    Object.assign(this, { host, port, conn: new Connection(host, port) });
  }
  async json(svc, operation, payload) {
    const text = ok(
      await this.conn.request(await jsonRequest(this.host, this.port, svc, operation, payload)),
      operation,
    );
    return text ? JSON.parse(text) : {};
  }
  async sns(params) {
    return ok(await this.conn.request(await snsRequest(this.host, this.port, params)), params.Action);
  }
  async lambda(method, path, payload) {
    const res = await this.conn.request(await lambdaRequest(this.host, this.port, method, path, payload));
    const text = ok(res, `${method} ${path}`);
    return text ? JSON.parse(text) : {};
  }
  close() {
    this.conn.close();
  }
}

/** Extracts the first <Tag>value</Tag> of a Query-protocol XML answer. */
export function xmlValue(xml, tag) {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return m ? m[1] : null;
}
