// Amazon DynamoDB Streams: reads the change records DynamoDB writes in each item change's transaction.
// It shares DynamoDB's tables, so it lists DynamoDB's migrations too (applied once, whichever loads first).
import type { ServiceDefinition, ServiceInstance } from '../types.js';
import { model } from '../../../generated/dynamodbstreams/model.js';
import { migrations } from '../dynamodb/schema.js';
import { StreamReader } from './reader.js';
import { streamHandlers } from './handlers.js';

const STREAM_ARN_RE = /^arn:aws[\w-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[^/]+\/stream\/.+$/;

export const dynamodbstreams: ServiceDefinition = {
  name: 'dynamodbstreams',
  model,
  migrations,
  validationStyle: 'coral',
  authorization(operation, input) {
    const arn = typeof input.StreamArn === 'string' ? input.StreamArn : undefined;
    if (arn && STREAM_ARN_RE.test(arn)) return [{ action: `dynamodb:${operation}`, resource: arn }];
    if (typeof input.ShardIterator === 'string') {
      const bar = input.ShardIterator.indexOf('|');
      const fromIterator = bar > 0 ? input.ShardIterator.slice(0, bar) : '';
      if (STREAM_ARN_RE.test(fromIterator)) return [{ action: `dynamodb:${operation}`, resource: fromIterator }];
    }
    return [{ action: `dynamodb:${operation}`, resource: '*' }];
  },
  create(core): ServiceInstance {
    const reader = new StreamReader(core.store.db);
    return { handlers: streamHandlers(core, reader) as unknown as ServiceInstance['handlers'] };
  },
};

export { StreamReader } from './reader.js';
