// Hand-signed raw requests: malformed input gets AWS's error shape and status (never a 500 or a hang),
// SigV4 is verified for known keys, operator endpoints work, and every response carries x-amzn-RequestId.
import { describe, expect, it } from 'vitest';
import { CreateQueueCommand, GetQueueUrlCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { DEFAULT_ACCOUNT, useAtoll } from '../helpers/atoll.js';
import {
  jsonRequest,
  parseJsonError,
  parseXmlError,
  queryRequest,
  rawRequest,
  type RawResponse,
  requestIdOf,
  signRequest,
  xmlTag,
} from '../helpers/raw.js';
import { md5Hex } from '../helpers/md5.js';
import { expectAwsError, uniqueName } from '../helpers/util.js';

const KNOWN = { accessKeyId: 'AKIDKNOWN', secretAccessKey: 'right' };
const ctx = useAtoll({ credentials: [KNOWN] });

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function expectRequestId(res: RawResponse): string {
  const id = requestIdOf(res);
  expect(id, `x-amzn-RequestId on ${res.status} ${res.body.slice(0, 200)}`).toMatch(/^[0-9A-Za-z-]{16,}$/);
  return id ?? '';
}

/** A JSON-protocol error: status, `__type` ending, request id; returns the parsed body. */
function expectJsonError(res: RawResponse, status: number, typeSuffix: string | RegExp) {
  expect(res.status, res.body).toBe(status);
  expectRequestId(res);
  const err = parseJsonError(res);
  if (typeof typeSuffix === 'string') expect(err.__type.endsWith(typeSuffix), err.__type).toBe(true);
  else expect(err.__type).toMatch(typeSuffix);
  return err;
}

/** A query-protocol error: status, `<ErrorResponse>` with Type/Code, RequestId equal to the header. */
function expectXmlError(res: RawResponse, status: number, code?: string) {
  expect(res.status, res.body).toBe(status);
  const id = expectRequestId(res);
  const err = parseXmlError(res);
  expect(err.type).toBe(status >= 500 ? 'Receiver' : 'Sender');
  if (code !== undefined) expect(err.code).toBe(code);
  else expect(err.code).toBeTruthy();
  expect(err.requestId).toBe(id);
  return err;
}

async function queueUrl(): Promise<{ name: string; url: string }> {
  const name = uniqueName('proto');
  const res = await ctx.sqs.send(new CreateQueueCommand({ QueueName: name }));
  return { name, url: res.QueueUrl ?? '' };
}

describe('JSON protocol (awsJson1_0)', () => {
  it('answers a well-formed call', async () => {
    const res = await jsonRequest(ctx.endpoint, 'ListQueues', {});
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-amz-json-1\.0/);
    expectRequestId(res);
    expect(JSON.parse(res.body)).toBeTypeOf('object');
  });

  it('reports QueueDoesNotExist with the query-compatible header', async () => {
    const res = await jsonRequest(ctx.endpoint, 'GetQueueUrl', { QueueName: uniqueName('missing') });
    const err = expectJsonError(res, 400, 'QueueDoesNotExist');
    expect(err.__type).toBe('com.amazonaws.sqs#QueueDoesNotExist');
    expect(err.message).toBe('The specified queue does not exist.');
    expect(res.headers['x-amzn-query-error']).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
  });

  it('rejects a body that is not JSON', async () => {
    const res = await jsonRequest(ctx.endpoint, 'ListQueues', '{"QueueNamePrefix": ');
    expectJsonError(res, 400, 'SerializationException');
  });

  it('rejects a JSON array body', async () => {
    const res = await jsonRequest(ctx.endpoint, 'ListQueues', '[]');
    expectJsonError(res, 400, 'SerializationException');
  });

  it('rejects members of the wrong type', async () => {
    const { url } = await queueUrl();
    const res = await jsonRequest(ctx.endpoint, 'ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 'ten' });
    expectJsonError(res, 400, 'SerializationException');
    const res2 = await jsonRequest(ctx.endpoint, 'CreateQueue', { QueueName: uniqueName('t'), Attributes: 'oops' });
    expectJsonError(res2, 400, 'SerializationException');
    const res3 = await jsonRequest(ctx.endpoint, 'TagQueue', { QueueUrl: url, Tags: ['a', 'b'] });
    expectJsonError(res3, 400, 'SerializationException');
  });

  it('rejects an unknown operation', async () => {
    const res = await jsonRequest(ctx.endpoint, 'Frobnicate', {});
    expectJsonError(res, 400, 'UnknownOperationException');
  });

  it('reports a missing required parameter', async () => {
    const { url } = await queueUrl();
    const res = await jsonRequest(ctx.endpoint, 'SendMessage', { QueueUrl: url });
    expect(res.status).toBe(400);
    expectRequestId(res);
    const err = parseJsonError(res);
    expect(err.message).toBe('The request must contain the parameter MessageBody.');
    expect(res.headers['x-amzn-query-error']).toBe('MissingParameter;Sender');
  });

  it('reports QueueDoesNotExist for a missing QueueUrl-addressed queue', async () => {
    const res = await jsonRequest(ctx.endpoint, 'SendMessage', {
      QueueUrl: `${ctx.endpoint}/${DEFAULT_ACCOUNT}/${uniqueName('gone')}`,
      MessageBody: 'x',
    });
    expectJsonError(res, 400, 'QueueDoesNotExist');
  });

  it('answers an oversized body with a client error, not a hang or a 500', async () => {
    const { url } = await queueUrl();
    const res = await jsonRequest(ctx.endpoint, 'SendMessage', {
      QueueUrl: url,
      MessageBody: 'x'.repeat(3 * 1024 * 1024),
    });
    expect([400, 413]).toContain(res.status);
    expectRequestId(res);
  });
});

describe('query protocol', () => {
  it('answers ListQueues with the XML envelope', async () => {
    const { url } = await queueUrl();
    const res = await queryRequest(ctx.endpoint, { Action: 'ListQueues', Version: '2012-11-05' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    const id = expectRequestId(res);
    expect(res.body).toContain('<ListQueuesResponse');
    expect(res.body).toContain('<ListQueuesResult>');
    expect(res.body).toContain(`<QueueUrl>${url}</QueueUrl>`);
    expect(xmlTag(xmlTag(res.body, 'ResponseMetadata') ?? '', 'RequestId')).toBe(id);
  });

  it('sends a message addressed by the request path', async () => {
    const { url } = await queueUrl();
    const path = new URL(url).pathname;
    const res = await queryRequest(
      ctx.endpoint,
      { Action: 'SendMessage', Version: '2012-11-05', MessageBody: 'via path' },
      { path },
    );
    expect(res.status, res.body).toBe(200);
    expect(res.body).toContain('<SendMessageResponse');
    expect(xmlTag(res.body, 'MD5OfMessageBody')).toBe(md5Hex('via path'));
    expect(xmlTag(res.body, 'MessageId')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts GET with the parameters in the query string', async () => {
    const res = await rawRequest(ctx.endpoint, { method: 'GET', path: '/?Action=ListQueues&Version=2012-11-05' });
    expect(res.status, res.body).toBe(200);
    expect(res.body).toContain('<ListQueuesResponse');
    expectRequestId(res);
  });

  it('reports a missing queue with the query error code', async () => {
    const res = await queryRequest(ctx.endpoint, {
      Action: 'GetQueueUrl',
      Version: '2012-11-05',
      QueueName: uniqueName('missing'),
    });
    const err = expectXmlError(res, 400, 'AWS.SimpleQueueService.NonExistentQueue');
    expect(err.message).toBe('The specified queue does not exist.');
  });

  it('rejects an unknown Action', async () => {
    const res = await queryRequest(ctx.endpoint, { Action: 'Frobnicate', Version: '2012-11-05' });
    expectXmlError(res, 400, 'InvalidAction');
  });

  it('rejects a request without Action', async () => {
    const res = await queryRequest(ctx.endpoint, { Version: '2012-11-05', QueueName: 'x' });
    expectXmlError(res, 400, 'MissingAction');
  });

  it('reports a missing required parameter', async () => {
    const { url } = await queueUrl();
    const res = await queryRequest(ctx.endpoint, { Action: 'SendMessage', Version: '2012-11-05', QueueUrl: url });
    const err = expectXmlError(res, 400, 'MissingParameter');
    expect(err.message).toBe('The request must contain the parameter MessageBody.');
  });

  it('reports a malformed number', async () => {
    const { url } = await queueUrl();
    const res = await queryRequest(ctx.endpoint, {
      Action: 'ReceiveMessage',
      Version: '2012-11-05',
      QueueUrl: url,
      MaxNumberOfMessages: 'ten',
    });
    expect(res.status).toBe(400);
    expectXmlError(res, 400);
  });

  it('answers an unsupported Content-Type with a client error', async () => {
    const res = await rawRequest(ctx.endpoint, {
      headers: { 'content-type': 'text/plain' },
      body: 'this is not a form or a JSON document',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectRequestId(res);
  });
});

describe('SigV4 for known keys', () => {
  it('accepts the right secret', async () => {
    const res = await queryRequest(ctx.endpoint, { Action: 'ListQueues', Version: '2012-11-05' }, KNOWN);
    expect(res.status, res.body).toBe(200);
  });

  it('accepts an unknown key with any secret', async () => {
    const res = await queryRequest(
      ctx.endpoint,
      { Action: 'ListQueues', Version: '2012-11-05' },
      { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'anything' },
    );
    expect(res.status, res.body).toBe(200);
  });

  it('rejects a wrong secret (query) with SignatureDoesNotMatch', async () => {
    const res = await queryRequest(
      ctx.endpoint,
      { Action: 'ListQueues', Version: '2012-11-05' },
      { accessKeyId: KNOWN.accessKeyId, secretAccessKey: 'wrong' },
    );
    const err = expectXmlError(res, 403, 'SignatureDoesNotMatch');
    expect(err.message?.startsWith(SIGNATURE_MISMATCH)).toBe(true);
  });

  it('rejects a wrong secret (JSON) with 403', async () => {
    const res = await jsonRequest(
      ctx.endpoint,
      'ListQueues',
      {},
      { accessKeyId: KNOWN.accessKeyId, secretAccessKey: 'wrong' },
    );
    const err = expectJsonError(res, 403, /(SignatureDoesNotMatch|InvalidSignatureException)$/);
    expect(err.message?.startsWith(SIGNATURE_MISMATCH)).toBe(true);
  });

  it('rejects a wrong secret through the SDK', async () => {
    const bad = ctx.client({ accessKeyId: KNOWN.accessKeyId, secretAccessKey: 'wrong' });
    await expectAwsError(bad.send(new ListQueuesCommand({})), {
      name: 'SignatureDoesNotMatch',
      status: 403,
    });
  });

  it('rejects a body altered after signing', async () => {
    const res = await rawRequest(ctx.endpoint, {
      ...KNOWN,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListQueues&Version=2012-11-05',
    });
    expect(res.status).toBe(200);
    // Re-send with the same signed headers but another body.
    const headers = await signRequest(ctx.endpoint, {
      ...KNOWN,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListQueues&Version=2012-11-05',
    });
    const tampered = await rawRequest(ctx.endpoint, {
      sign: false,
      headers,
      body: 'Action=ListQueues&Version=2012-11-05&QueueNamePrefix=x',
    });
    expectXmlError(tampered, 403, 'SignatureDoesNotMatch');
  });

  it('rejects a request signed more than 15 minutes in the past', async () => {
    const res = await queryRequest(
      ctx.endpoint,
      { Action: 'ListQueues', Version: '2012-11-05' },
      { ...KNOWN, signingDate: new Date(Date.now() - 20 * 60 * 1000) },
    );
    const err = expectXmlError(res, 403, 'SignatureDoesNotMatch');
    expect(err.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  it('rejects a request signed more than 15 minutes in the future', async () => {
    const res = await queryRequest(
      ctx.endpoint,
      { Action: 'ListQueues', Version: '2012-11-05' },
      { ...KNOWN, signingDate: new Date(Date.now() + 20 * 60 * 1000) },
    );
    const err = expectXmlError(res, 403, 'SignatureDoesNotMatch');
    expect(err.message).toMatch(
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/,
    );
  });

  it('accepts a request signed 5 minutes in the past', async () => {
    const res = await queryRequest(
      ctx.endpoint,
      { Action: 'ListQueues', Version: '2012-11-05' },
      { ...KNOWN, signingDate: new Date(Date.now() - 5 * 60 * 1000) },
    );
    expect(res.status, res.body).toBe(200);
  });

  it('rejects a malformed Authorization header', async () => {
    const res = await rawRequest(ctx.endpoint, {
      sign: false,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=garbage',
        'x-amz-date': new Date()
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d{3}/, ''),
      },
      body: 'Action=ListQueues&Version=2012-11-05',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectXmlError(res, res.status);
  });
});

describe('x-amzn-RequestId', () => {
  it('is unique per response', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add(expectRequestId(await jsonRequest(ctx.endpoint, 'ListQueues', {})));
    expect(ids.size).toBe(5);
  });
});

describe('operator endpoints', () => {
  it('reports health', async () => {
    const res = await rawRequest(ctx.endpoint, { method: 'GET', path: '/_atoll/health', sign: false });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/json/);
    const body = JSON.parse(res.body) as { version?: unknown; uptime?: unknown; services?: unknown };
    expect(typeof body.version).toBe('string');
    expect(typeof body.uptime).toBe('number');
    expect(JSON.stringify(body.services)).toContain('sqs');
  });

  it('wipes all state on POST /_atoll/reset', async () => {
    const { name } = await queueUrl();
    const other = ctx.client({ accessKeyId: '444455556666' });
    await other.send(new CreateQueueCommand({ QueueName: name }));
    const res = await rawRequest(ctx.endpoint, { method: 'POST', path: '/_atoll/reset', sign: false });
    expect(res.status).toBe(200);
    expect((await ctx.sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
    expect((await other.send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
    await expectAwsError(ctx.sqs.send(new GetQueueUrlCommand({ QueueName: name })), {
      name: 'QueueDoesNotExist',
      code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
    // A name deleted by reset can be reused at once (no QueueDeletedRecently after a reset).
    await ctx.sqs.send(new CreateQueueCommand({ QueueName: name }));
  });

  it('wipes all state on reset() from the embedding API', async () => {
    await queueUrl();
    ctx.atoll.reset();
    expect((await ctx.sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
  });
});
