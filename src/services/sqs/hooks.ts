// Protocol-facing hooks: what SQS does before model validation (queue addressed by request path, legacy
// attribute names) and how it reports some model violations (unknown attribute names).
import type { RequestContext } from '../types.js';
import type { AwsError } from '../../protocol/errors.js';
import type { Violation } from '../../protocol/validate.js';
import type { ServiceModel, ScalarShape } from '../../protocol/model.js';
import { unknownAttribute } from './attributes.js';

const OPERATIONS_WITH_QUEUE_URL = new Set([
  'AddPermission',
  'ChangeMessageVisibility',
  'ChangeMessageVisibilityBatch',
  'DeleteMessage',
  'DeleteMessageBatch',
  'DeleteQueue',
  'GetQueueAttributes',
  'ListDeadLetterSourceQueues',
  'ListQueueTags',
  'PurgeQueue',
  'ReceiveMessage',
  'RemovePermission',
  'SendMessage',
  'SendMessageBatch',
  'SetQueueAttributes',
  'TagQueue',
  'UntagQueue',
]);

function enumValues(model: ServiceModel, shape: string): Set<string> {
  return new Set((model.shapes[shape] as ScalarShape | undefined)?.constraints?.enumValues ?? []);
}

export function makeHooks(model: ServiceModel) {
  const queueAttributeNames = enumValues(model, 'QueueAttributeName');
  const systemAttributeNames = enumValues(model, 'MessageSystemAttributeName');
  return {
    inferInput(operation: string, input: Record<string, unknown>, ctx: RequestContext): void {
      // Query clients may POST to the queue URL itself and leave out QueueUrl.
      if (
        input.QueueUrl === undefined &&
        OPERATIONS_WITH_QUEUE_URL.has(operation) &&
        /^\/\d{12}\/[^/]+\/?$/.test(ctx.path)
      ) {
        input.QueueUrl = `${ctx.endpoint}${ctx.path}`;
      }
      // ReceiveMessage's deprecated AttributeNames takes message system attribute names (SentTimestamp, ...),
      // which its model enum (QueueAttributeName) does not list; AWS accepts them, so move them across.
      if (operation === 'ReceiveMessage' && Array.isArray(input.AttributeNames)) {
        const keep: unknown[] = [];
        const moved: unknown[] = [];
        for (const n of input.AttributeNames as unknown[]) {
          if (typeof n === 'string' && !queueAttributeNames.has(n)) {
            if (systemAttributeNames.has(n)) moved.push(n);
          } else keep.push(n);
        }
        input.AttributeNames = keep;
        if (moved.length > 0) {
          const current = Array.isArray(input.MessageSystemAttributeNames) ? input.MessageSystemAttributeNames : [];
          input.MessageSystemAttributeNames = [...(current as unknown[]), ...moved];
        }
      }
    },

    formatValidation(violations: Violation[], operation: string): AwsError | undefined {
      const first = violations[0];
      if (!first || first.kind !== 'enum') return undefined;
      const attributeMap =
        (operation === 'CreateQueue' || operation === 'SetQueueAttributes') && first.path.startsWith('Attribute');
      const attributeList = operation === 'GetQueueAttributes' && first.path.startsWith('AttributeName');
      if (attributeMap || attributeList) return unknownAttribute(String(first.value));
      return undefined;
    },
  };
}
