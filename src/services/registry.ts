// Every service atoll serves. Adding a service: generate its model, write src/services/<name>, list it here.
import { sqs } from './sqs/index.js';
import { organizations } from './organizations/index.js';
import { stepfunctions } from './stepfunctions/index.js';
import { lambda } from './lambda/index.js';
import { dynamodb } from './dynamodb/index.js';
import { dynamodbstreams } from './dynamodbstreams/index.js';
import { logs } from './logs/index.js';
import { events } from './events/index.js';
import { sns } from './sns/index.js';
import { iam } from './iam/index.js';
import { sts } from './sts/index.js';
import type { ServiceDefinition } from './types.js';

export const services: readonly ServiceDefinition[] = [
  sqs,
  organizations,
  stepfunctions,
  lambda,
  dynamodb,
  dynamodbstreams,
  logs,
  events,
  sns,
  iam,
  sts,
];
