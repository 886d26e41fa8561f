// Amazon SNS: topics (standard and FIFO), subscriptions, Publish/PublishBatch with filter policies, and durable
// at-least-once delivery to SQS, Lambda and HTTP/S. Handlers are split by concern; this file assembles them.
import type { ServiceDefinition, ServiceInstance, HandlerTable } from '../types.js';
import { model } from '../../../generated/sns/model.js';
import { coralValidationError } from '../../protocol/validate.js';
import type { Operations } from './api.js';
import { migrations } from './schema.js';
import { SnsService, toTopic } from './service.js';
import { Deliverer } from './delivery.js';
import { topicHandlers } from './topics.js';
import { tagHandlers } from './tags.js';
import { subscriptionHandlers } from './subscriptions.js';
import { publishHandlers } from './publish.js';
import { notImplementedHandlers } from './not-implemented.js';
import { authorization } from './authz.js';
import { CERT_PATH } from './signing.js';

export const sns: ServiceDefinition = {
  name: 'sns',
  model,
  migrations,
  validationStyle: 'query',
  // SNS reports missing required members coral-style, under the query code ValidationError:
  // "1 validation error detected: Value null at 'topicArn' failed to satisfy constraint: Member must not be null".
  formatValidation: (violations) => coralValidationError(violations),
  authorization,
  create(core): ServiceInstance {
    const svc = new SnsService(core);
    const deliverer = new Deliverer(svc);
    const handlers: HandlerTable<Operations> = {
      ...topicHandlers(svc),
      ...tagHandlers(svc),
      ...subscriptionHandlers(svc, deliverer),
      ...publishHandlers(svc, deliverer),
      ...notImplementedHandlers(),
    };
    const topicOf = (arn: string) => {
      const row = svc.store.topic(arn);
      return row ? toTopic(row) : undefined;
    };
    return {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      resourcePolicy: (arn) => topicOf(arn)?.attributes.Policy,
      resourceTags: (arn) => topicOf(arn)?.tags,
      httpRoute(method, subPath) {
        if ((method !== 'GET' && method !== 'HEAD') || subPath !== CERT_PATH) return undefined;
        return {
          status: 200,
          headers: { 'content-type': 'application/x-x509-ca-cert' },
          body: svc.signer.certificate(),
        };
      },
    };
  },
};
