// S3's errors with AWS's codes, messages and statuses (Amazon S3 API Reference, "Error responses").
import { AwsError } from '../../protocol/errors.js';

const e = (code: string, message: string, status: number, fields?: Record<string, unknown>) =>
  new AwsError(code, message, { status, ...(fields ? { fields } : {}) });

export const S3Errors = {
  noSuchBucket: (bucket: string) =>
    e('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket }),
  noSuchKey: (key: string) => e('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }),
  noSuchVersion: (key: string, versionId: string) =>
    e('NoSuchVersion', 'The specified version does not exist.', 404, { Key: key, VersionId: versionId }),
  noSuchUpload: (uploadId: string) =>
    e(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
      { UploadId: uploadId },
    ),
  bucketAlreadyExists: (bucket: string) =>
    e(
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      409,
      { BucketName: bucket },
    ),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    e(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      409,
      { BucketName: bucket },
    ),
  bucketNotEmpty: (bucket: string) =>
    e('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket }),
  invalidBucketName: (bucket: string) =>
    e('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket }),
  illegalLocationConstraint: (constraint: string, region: string) =>
    constraint === ''
      ? e(
          'IllegalLocationConstraintException',
          `The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.`,
          400,
        )
      : e(
          'IllegalLocationConstraintException',
          `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
          400,
          region === 'us-east-1' ? undefined : { LocationConstraint: constraint },
        ),
  invalidLocationConstraint: () =>
    e('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400),
  badDigest: () => e('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400),
  invalidDigest: () => e('InvalidDigest', 'The Content-MD5 you specified is not valid.', 400),
  checksumMismatch: (algorithm: string) =>
    e('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400),
  invalidChecksum: (algorithm: string) =>
    e('InvalidRequest', `Value for x-amz-checksum-${algorithm.toLowerCase()} header is invalid.`, 400),
  preconditionFailed: (condition: string) =>
    e('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
      Condition: condition,
    }),
  notModified: () => new AwsError('NotModified', 'Not Modified', { status: 304 }),
  invalidRange: (size: number, range: string) =>
    e('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: range, ActualObjectSize: size }),
  invalidArgument: (message: string, name?: string, value?: string) =>
    e('InvalidArgument', message, 400, name ? { ArgumentName: name, ArgumentValue: value ?? '' } : undefined),
  invalidRequest: (message: string) => e('InvalidRequest', message, 400),
  malformedXml: () =>
    e('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400),
  malformedPolicy: (message: string) => e('MalformedPolicy', message, 400),
  invalidTag: (message: string) => e('InvalidTag', message, 400),
  invalidPart: () =>
    e(
      'InvalidPart',
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      400,
    ),
  invalidPartOrder: () =>
    e('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400),
  entityTooSmall: () =>
    e('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400),
  entityTooLarge: () => e('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', 400),
  noSuchTagSet: (bucket: string) => e('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: bucket }),
  noSuchBucketPolicy: (bucket: string) =>
    e('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: bucket }),
  noSuchConfiguration: (code: string, message: string, bucket: string) => e(code, message, 404, { BucketName: bucket }),
  accessDenied: () => e('AccessDenied', 'Access Denied', 403),
  aclNotSupported: () => e('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400),
  aclWithObjectOwnership: () =>
    e(
      'InvalidBucketAclWithObjectOwnership',
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
      400,
    ),
  aclWithBlockPublicAccess: () =>
    e(
      'InvalidBucketAclWithBlockPublicAccessError',
      'Bucket cannot have public ACLs set with BlockPublicAccess enabled',
      400,
    ),
  malformedAcl: () =>
    e(
      'MalformedACLError',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    ),
  methodNotAllowed: (method: string, resource: string) =>
    e('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {
      Method: method,
      ResourceType: resource,
    }),
  notImplementedHeader: (header: string) =>
    e('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, { Header: header }),
  incompleteBody: () =>
    e('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400),
};
