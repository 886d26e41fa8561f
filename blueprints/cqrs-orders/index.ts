// CQRS with event sourcing (seed 003, part 02): an append-only DynamoDB event store with optimistic concurrency,
// snapshots, a stream-driven projector maintaining two read models, replay, and a command/query API on Lambda.
import type { Blueprint } from '../../src/blueprints/types.js';
import { deploy } from './deploy.js';
import { destroy } from './destroy.js';
import { verify } from './verify.js';

export const blueprint: Blueprint = {
  name: 'cqrs-orders',
  description:
    'Seed 003 §02: CQRS + event sourcing for orders: DynamoDB event store (optimistic concurrency, snapshots), stream projector, replay, command/query Lambdas',
  deploy,
  verify,
  destroy,
};
