// Ride-sharing platform on EventBridge (seed 003, part 01): a custom bus, six Lambda microservices with DynamoDB
// state, filtered rules with retry policies and dead-letter queues, a 7-year archive, idempotent consumers and a
// cross-account route to an analytics account. See README.md.
import type { Blueprint, BlueprintContext } from '../../src/blueprints/types.js';
import { clients } from './clients.js';
import { deployAnalyticsAccount, deployMessaging, deployRoles, deployTables } from './deploy-base.js';
import { deployBus, deployFunctions, deployRules } from './deploy-compute.js';
import { destroy } from './destroy.js';
import { deploySchemaRegistry } from './schema-registry.js';
import { ANALYTICS_ACCOUNT } from './names.js';
import { verify } from './verify.js';

async function deploy(ctx: BlueprintContext): Promise<void> {
  const c = clients(ctx);
  ctx.outputs.accountId = ctx.accountId;
  ctx.outputs.analyticsAccountId = ANALYTICS_ACCOUNT;
  ctx.log('IAM roles');
  await deployRoles(ctx, c);
  ctx.log('DynamoDB tables and drivers');
  await deployTables(c);
  ctx.log('queues and notifications topic');
  await deployMessaging(ctx, c);
  ctx.log(`analytics account ${ANALYTICS_ACCOUNT}: bus, permission, ingest rule and queue`);
  await deployAnalyticsAccount(ctx, c);
  ctx.log('service functions');
  await deployFunctions(ctx, c);
  ctx.log('event bus and archive');
  await deployBus(ctx, c);
  ctx.log('rules and targets');
  await deployRules(ctx, c);
  ctx.log('schema registry, event schemas and discoverer');
  await deploySchemaRegistry(ctx);
}

export const blueprint: Blueprint = {
  name: 'ride-sharing',
  description:
    'Event-driven ride-sharing platform on EventBridge: 6 Lambda services, DLQs, 7-year archive, replay, cross-account analytics (seed 003 #01)',
  deploy,
  verify,
  destroy,
};
