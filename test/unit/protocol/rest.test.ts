// The REST binding layer with the Lambda (restJson1) and S3 (restXml) models: routing by method and URI
// template, labels/query/headers/payload in, status/headers/body out, restJson1 errors.
import { describe, expect, it } from 'vitest';
import { model as lambda } from '../../../generated/lambda/model.js';
import { model as s3 } from '../../../generated/s3/model.js';
import { AwsError } from '../../../src/protocol/errors.js';
import { parseRestInput, RestRoutes, serializeRestOutput } from '../../../src/protocol/rest.js';
import { readJsonBody, serializeRestJsonError, writeJsonBody } from '../../../src/protocol/rest-json.js';
import { readXmlBody, serializeRestXmlError, writeXmlBody } from '../../../src/protocol/rest-xml.js';

const lambdaRoutes = new RestRoutes(lambda);
const s3Routes = new RestRoutes(s3);
const q = (s = '') => new URLSearchParams(s);

describe('REST routing', () => {
  it('matches Lambda operations by method and path, decoding labels', () => {
    expect(lambdaRoutes.match('POST', '/2015-03-31/functions', q())?.operation.name).toBe('CreateFunction');
    const inv = lambdaRoutes.match('POST', '/2015-03-31/functions/my%3Afn/invocations', q());
    expect(inv?.operation.name).toBe('Invoke');
    expect(inv?.labels).toEqual({ FunctionName: 'my:fn' });
    expect(lambdaRoutes.match('GET', '/2015-03-31/functions/f/configuration', q())?.operation.name).toBe(
      'GetFunctionConfiguration',
    );
    expect(lambdaRoutes.match('DELETE', '/2015-03-31/functions/f/aliases/live', q())?.labels).toEqual({
      FunctionName: 'f',
      Name: 'live',
    });
    expect(lambdaRoutes.match('GET', '/2015-03-31/nothing', q())).toBeUndefined();
    expect(lambdaRoutes.match('PATCH', '/2015-03-31/functions', q())).toBeUndefined();
  });

  it('prefers literal query requirements and takes greedy labels (S3)', () => {
    const listOnly = lambdaRoutes.match('GET', '/2019-09-30/functions/f/provisioned-concurrency', q('List=ALL'));
    expect(listOnly?.operation.name).toBe('ListProvisionedConcurrencyConfigs');
    expect(lambdaRoutes.match('GET', '/2019-09-30/functions/f/provisioned-concurrency', q())?.operation.name).toBe(
      'GetProvisionedConcurrencyConfig',
    );
    const get = s3Routes.match('GET', '/bucket/a/b%20c.txt', q());
    expect(get?.operation.name).toBe('GetObject');
    expect(get?.labels).toEqual({ Bucket: 'bucket', Key: 'a/b c.txt' });
    expect(s3Routes.match('GET', '/bucket', q('tagging'))?.operation.name).toBe('GetBucketTagging');
    expect(s3Routes.match('PUT', '/bucket/k', q('x-id=CopyObject'))?.operation.name).toBe('CopyObject');
    expect(s3Routes.match('GET', '/bucket/k', q('x-id=GetObject'))?.operation.name).toBe('GetObject');
    expect(s3Routes.match('GET', '/bucket/k', q('uploadId=u'))?.operation.name).toBe('ListParts');
  });
});

describe('restJson1 bindings', () => {
  it('reads labels, query, headers and a blob payload', () => {
    const op = lambda.operations.Invoke!;
    const input = parseRestInput(
      lambda,
      op,
      {
        headers: { 'x-amz-invocation-type': 'Event', 'x-amz-log-type': 'Tail' },
        query: q('Qualifier=live'),
        labels: { FunctionName: 'fn' },
        body: Buffer.from('{"a":1}'),
      },
      readJsonBody,
    );
    expect(input).toEqual({
      FunctionName: 'fn',
      InvocationType: 'Event',
      LogType: 'Tail',
      Qualifier: 'live',
      Payload: Buffer.from('{"a":1}'),
    });
  });

  it('reads JSON body members, coerces integer query params and repeated list params', () => {
    const list = parseRestInput(
      lambda,
      lambda.operations.ListFunctions!,
      { headers: {}, query: q('MaxItems=5&Marker=m'), labels: {}, body: Buffer.alloc(0) },
      readJsonBody,
    );
    expect(list).toEqual({ MaxItems: 5, Marker: 'm' });
    const untag = parseRestInput(
      lambda,
      lambda.operations.UntagResource!,
      { headers: {}, query: q('tagKeys=a&tagKeys=b'), labels: { Resource: 'arn' }, body: Buffer.alloc(0) },
      readJsonBody,
    );
    expect(untag).toEqual({ Resource: 'arn', TagKeys: ['a', 'b'] });
    const alias = parseRestInput(
      lambda,
      lambda.operations.CreateAlias!,
      {
        headers: {},
        query: q(),
        labels: { FunctionName: 'f' },
        body: Buffer.from('{"Name":"live","FunctionVersion":"1","FunctionName":"ignored"}'),
      },
      readJsonBody,
    );
    expect(alias).toEqual({ FunctionName: 'f', Name: 'live', FunctionVersion: '1' });
    expect(() =>
      parseRestInput(
        lambda,
        lambda.operations.ListFunctions!,
        { headers: {}, query: q('MaxItems=x'), labels: {}, body: Buffer.alloc(0) },
        readJsonBody,
      ),
    ).toThrow(AwsError);
  });

  it('writes the status code, headers and raw payload of Invoke', () => {
    const res = serializeRestOutput(
      lambda,
      lambda.operations.Invoke!,
      { StatusCode: 200, FunctionError: 'Unhandled', ExecutedVersion: '$LATEST', Payload: Buffer.from('{"x":1}') },
      writeJsonBody,
    );
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'X-Amz-Function-Error': 'Unhandled', 'X-Amz-Executed-Version': '$LATEST' });
    expect(res.body.toString()).toBe('{"x":1}');
    const accepted = serializeRestOutput(lambda, lambda.operations.Invoke!, { StatusCode: 202 }, writeJsonBody);
    expect(accepted).toMatchObject({ status: 202, body: '' });
  });

  it('writes body members as JSON with the operation status, and nothing for 204', () => {
    const created = serializeRestOutput(lambda, lambda.operations.CreateAlias!, { Name: 'a' }, writeJsonBody);
    expect(created).toMatchObject({ status: 201, body: '{"Name":"a"}' });
    expect(serializeRestOutput(lambda, lambda.operations.DeleteFunction!, undefined, writeJsonBody)).toMatchObject({
      status: 204,
      body: '',
    });
  });

  it('serializes errors with X-Amzn-ErrorType and the shape message key', () => {
    const notFound = serializeRestJsonError(
      lambda,
      new AwsError('ResourceNotFoundException', 'Function not found: x', { status: 404 }),
    );
    expect(notFound.status).toBe(404);
    expect(notFound.headers['x-amzn-ErrorType']).toBe('ResourceNotFoundException');
    expect(JSON.parse(notFound.body)).toEqual({ Type: 'User', Message: 'Function not found: x' });
    const conflict = serializeRestJsonError(lambda, new AwsError('ResourceConflictException', 'c', { status: 409 }));
    expect(JSON.parse(conflict.body)).toEqual({ Type: 'User', message: 'c' });
  });
});

describe('restXml bindings (S3)', () => {
  it('reads headers, labels and an XML structure payload', () => {
    const input = parseRestInput(
      s3,
      s3.operations.PutBucketTagging!,
      {
        headers: { 'content-md5': 'abc' },
        query: q('tagging'),
        labels: { Bucket: 'b' },
        body: Buffer.from(
          '<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>',
        ),
      },
      readXmlBody,
    );
    expect(input).toMatchObject({ Bucket: 'b', ContentMD5: 'abc', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } });
  });

  it('answers MalformedXML for a boolean or number that does not validate', () => {
    const pab = (v: string) =>
      Buffer.from(
        `<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>${v}</BlockPublicAcls></PublicAccessBlockConfiguration>`,
      );
    expect(readXmlBody(s3, 'PublicAccessBlockConfiguration', pab('true'))).toEqual({ BlockPublicAcls: true });
    expect(readXmlBody(s3, 'PublicAccessBlockConfiguration', pab('false'))).toEqual({ BlockPublicAcls: false });
    for (const bad of ['maybe', 'TRUE', '']) {
      let err: unknown;
      try {
        readXmlBody(s3, 'PublicAccessBlockConfiguration', pab(bad));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AwsError);
      expect((err as AwsError).code).toBe('MalformedXML');
    }
    const days = Buffer.from(
      '<RestoreRequest xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Days>soon</Days></RestoreRequest>',
    );
    expect(() => readXmlBody(s3, 'RestoreRequest', days)).toThrow(AwsError);
  });

  it('writes an XML body with the shape xmlName, header members and timestamps', () => {
    const out = serializeRestOutput(
      s3,
      s3.operations.ListBuckets!,
      { Buckets: [{ Name: 'b', CreationDate: new Date('2024-01-02T03:04:05Z') }], Owner: { ID: 'o' } },
      writeXmlBody,
    );
    expect(out.status).toBe(200);
    expect(out.body).toContain('<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
    expect(out.body).toContain(
      '<Buckets><Bucket><Name>b</Name><CreationDate>2024-01-02T03:04:05.000Z</CreationDate></Bucket></Buckets>',
    );
    const head = serializeRestOutput(
      s3,
      s3.operations.HeadObject!,
      { ContentLength: 5, LastModified: new Date('2024-01-02T03:04:05Z'), Metadata: { a: '1' } },
      writeXmlBody,
    );
    expect(head.headers).toMatchObject({
      'Content-Length': '5',
      'Last-Modified': 'Tue, 02 Jan 2024 03:04:05 GMT',
      'x-amz-meta-a': '1',
    });
    const err = serializeRestXmlError(
      new AwsError('NoSuchBucket', 'The specified bucket does not exist', { status: 404 }),
      'r1',
    );
    expect(err.body).toContain(
      '<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message>',
    );
  });
});
