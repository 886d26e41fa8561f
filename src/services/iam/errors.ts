// IAM's named errors: query codes and statuses from the model, messages as IAM words them.
import { AwsError } from '../../protocol/errors.js';

const e = (code: string, status: number, message: string) =>
  new AwsError(`${code}Exception`, message, { status, queryCode: code });

export type EntityNoun = 'user' | 'group' | 'role';

export const IamErrors = {
  noSuchEntity: (message: string) => e('NoSuchEntity', 404, message),
  noSuch: (noun: EntityNoun, name: string) => e('NoSuchEntity', 404, `The ${noun} with name ${name} cannot be found.`),
  noSuchInline: (noun: EntityNoun, policy: string) =>
    e('NoSuchEntity', 404, `The ${noun} policy with name ${policy} cannot be found.`),
  noSuchPolicy: (arn: string) => e('NoSuchEntity', 404, `Policy ${arn} does not exist or is not attachable.`),
  policyNotFound: (arn: string) => e('NoSuchEntity', 404, `Policy ${arn} was not found.`),
  noSuchVersion: (arn: string, version: string) =>
    e('NoSuchEntity', 404, `Policy ${arn} version ${version} does not exist or is not attachable.`),
  alreadyExists: (message: string) => e('EntityAlreadyExists', 409, message),
  deleteConflict: (message: string) => e('DeleteConflict', 409, message),
  limitExceeded: (message: string) => e('LimitExceeded', 409, message),
  malformedPolicy: (message: string) => e('MalformedPolicyDocument', 400, message),
  invalidInput: (message: string) => e('InvalidInput', 400, message),
  unmodifiable: (message: string) => e('UnmodifiableEntity', 400, message),
  policyNotAttachable: (message: string) => e('PolicyNotAttachable', 400, message),
  validation: (message: string) =>
    new AwsError('ValidationException', message, { status: 400, queryCode: 'ValidationError' }),
};
