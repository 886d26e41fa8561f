// Every service atoll serves. Adding a service: generate its model, write src/services/<name>, list it here.
import { sqs } from './sqs/index.js';
import type { ServiceDefinition } from './types.js';

export const services: readonly ServiceDefinition[] = [sqs];
