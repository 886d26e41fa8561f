// EventBridge's named errors: codes from the model (all HTTP 400), messages as AWS sends them.
import { AwsError } from '../../protocol/errors.js';

const e = (code: string, message: string) => new AwsError(code, message, { status: 400 });

export const EventsErrors = {
  // Handler-level parameter checks are a plain ValidationException (not the coral model-validation namespace).
  validation: (message: string) => e('ValidationException', message),
  busNotFound: (name: string) => e('ResourceNotFoundException', `Event bus ${name} does not exist.`),
  busExists: (name: string) => e('ResourceAlreadyExistsException', `Event bus ${name} already exists.`),
  ruleNotFound: (rule: string, bus: string) =>
    e('ResourceNotFoundException', `Rule ${rule} does not exist on EventBus ${bus}.`),
  resourceNotFound: (message: string) => e('ResourceNotFoundException', message),
  resourceAlreadyExists: (message: string) => e('ResourceAlreadyExistsException', message),
  invalidEventPattern: (message: string) => e('InvalidEventPatternException', message),
  limitExceeded: (message: string) => e('LimitExceededException', message),
  archiveNotFound: (name: string) => e('ResourceNotFoundException', `Archive ${name} does not exist.`),
  archiveExists: (name: string) => e('ResourceAlreadyExistsException', `Archive ${name} already exists.`),
  replayNotFound: (name: string) => e('ResourceNotFoundException', `Replay ${name} does not exist.`),
  replayExists: (name: string) => e('ResourceAlreadyExistsException', `Replay ${name} already exists.`),
  illegalStatus: (message: string) => e('IllegalStatusException', message),
  managedRule: (message: string) => e('ManagedRuleException', message),
  policyLengthExceeded: () => e('PolicyLengthExceededException', 'Event bus policy exceeds the maximum size.'),
};
