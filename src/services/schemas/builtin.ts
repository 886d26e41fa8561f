// A small sample of the aws.events registry's built-in schemas, inferred from AWS's documented example events.
// AWS's catalogue has hundreds; atoll ships these few so the registry is non-empty and readable.
import { inferEvents, toOpenApi3, discoveredName, type Inferred } from './infer.js';
import type { VersionRow } from './store.js';

export interface BuiltinSchema {
  name: string;
  description: string;
  version: VersionRow;
}

const SAMPLES: Array<{ source: string; detailType: string; detail: Record<string, unknown> }> = [
  { source: 'aws.events', detailType: 'Scheduled Event', detail: {} },
  {
    source: 'aws.ec2',
    detailType: 'EC2 Instance State-change Notification',
    detail: { 'instance-id': 'i-1234567890abcdef0', state: 'running' },
  },
  {
    source: 'aws.s3',
    detailType: 'Object Created',
    detail: {
      version: '0',
      bucket: { name: 'amzn-s3-demo-bucket' },
      object: { key: 'example-key', size: 5, etag: 'b1946ac92492d2347c6235b4d2611184', sequencer: '00617F0800' },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      'source-ip-address': '1.2.3.4',
      reason: 'PutObject',
    },
  },
];

const CREATED = Date.UTC(2019, 11, 2);
let cache: BuiltinSchema[] | undefined;

export function builtinSchemas(): BuiltinSchema[] {
  cache ??= SAMPLES.map((s) => {
    const inferred = inferEvents([{ source: s.source, 'detail-type': s.detailType, detail: s.detail }]) as Inferred;
    return {
      name: discoveredName(s.source, s.detailType),
      description: `Schema for event type ${s.detailType}, published by AWS service ${s.source}`,
      version: { version: 1, type: 'OpenApi3', content: toOpenApi3(inferred), created_at: CREATED },
    };
  });
  return cache;
}
