// Builds pre-serialized SQS JSON-protocol (awsJson1_0) requests for the raw-socket client.
// Each distinct request is SigV4-signed once with the real signer, then replayed byte-for-byte. DeleteMessage bodies
// change per request (new receipt handle), so they reuse a header signed over a sample body: atoll does not verify
// signatures for unknown access keys and moto never verifies, so a syntactically valid header is all that matters,
// and the load generator stays cheap.
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';

const signer = new SignatureV4({
  service: 'sqs',
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  sha256: Sha256,
  applyChecksum: false, // no x-amz-content-sha256 header, so replaying a header with another body stays consistent
});

// ~100-byte payload: a typical small message.
export const MESSAGE_BODY = 'atoll-bench ' + 'x'.repeat(88);

/** Returns the HTTP head (everything but Content-Length and the body) for one signed request. */
export async function signedHead(host, port, target, body) {
  const hostHeader = `${host}:${port}`;
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: host,
    port,
    path: '/',
    query: {},
    headers: {
      host: hostHeader,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${target}`,
    },
    body,
  });
  let head = 'POST / HTTP/1.1\r\n';
  for (const [name, value] of Object.entries(signed.headers)) head += `${name}: ${value}\r\n`;
  return head;
}

/** Serializes head + body into the bytes written to the socket. */
export function withBody(head, body) {
  return Buffer.from(`${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

export async function buildRequest(host, port, target, payload) {
  const body = JSON.stringify(payload);
  return withBody(await signedHead(host, port, target, body), body);
}

export function sendPayload(queueUrl) {
  return { QueueUrl: queueUrl, MessageBody: MESSAGE_BODY };
}

export function batchPayload(queueUrl) {
  const Entries = [];
  for (let i = 0; i < 10; i++) Entries.push({ Id: `m${i}`, MessageBody: MESSAGE_BODY });
  return { QueueUrl: queueUrl, Entries };
}

export function receivePayload(queueUrl) {
  return { QueueUrl: queueUrl, MaxNumberOfMessages: 1 };
}

export function deletePayload(queueUrl, receiptHandle) {
  return { QueueUrl: queueUrl, ReceiptHandle: receiptHandle };
}
