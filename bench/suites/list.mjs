// The service suites, in run order. Each module exports name, title, peers (other emulators it compares with),
// run(ctx) (orchestrator side) and handlers (load generator side).
import * as dynamodb from './dynamodb.mjs';
import * as sfn from './sfn.mjs';
import * as events from './events.mjs';
import * as sns from './sns.mjs';
import * as lambda from './lambda.mjs';
import * as s3 from './s3.mjs';

export const SUITE_MODULES = [dynamodb, sfn, events, sns, lambda, s3];
