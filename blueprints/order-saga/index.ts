// The order-processing saga of seed 004, section 6.4: Step Functions runs the seed's ASL (verbatim, and the
// Terraform variant with its Retry) over five Node.js Lambda functions and a DynamoDB inventory table.
import type { Blueprint } from '../../src/blueprints/types.js';
import { deploy } from './deploy.js';
import { destroy } from './destroy.js';
import { verify } from './verify.js';

export const blueprint: Blueprint = {
  name: 'order-saga',
  description:
    'Seed 004 §6.4: Step Functions order saga (reserve, pay, ship; refund and release on failure) over Lambda + DynamoDB',
  deploy,
  verify,
  destroy,
};
