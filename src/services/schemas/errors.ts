// EventBridge Schemas' named errors. Every error shape carries `Code` and `Message` in the body (plus the
// x-amzn-ErrorType header), with the HTTP status the model gives it.
import { AwsError } from '../../protocol/errors.js';

const e = (code: string, status: number, message: string) =>
  new AwsError(code, message, { status, fields: { Code: code } });

export const SchemasErrors = {
  badRequest: (message: string) => e('BadRequestException', 400, message),
  notFound: (message: string) => e('NotFoundException', 404, message),
  conflict: (message: string) => e('ConflictException', 409, message),
  forbidden: (message: string) => e('ForbiddenException', 403, message),
  preconditionFailed: (message: string) => e('PreconditionFailedException', 412, message),
  registryNotFound: (name: string) => e('NotFoundException', 404, `Registry with name ${name} does not exist.`),
  schemaNotFound: (name: string) => e('NotFoundException', 404, `Schema with name ${name} does not exist.`),
  versionNotFound: (name: string, version: string) =>
    e('NotFoundException', 404, `Schema with name ${name} and version ${version} does not exist.`),
  discovererNotFound: (id: string) => e('NotFoundException', 404, `Discoverer with id ${id} does not exist.`),
  notImplemented: (operation: string) =>
    new AwsError(
      'NotImplemented',
      `atoll does not implement ${operation} yet (see the coverage table in the README).`,
      { status: 501, fault: 'server', fields: { Code: 'NotImplemented' } },
    ),
};
