// Runtime form of an AWS Smithy service model, as written by tools/codegen into generated/<service>/model.ts.
// The protocol layer (parse, validate, serialize) is driven only by this data, so adding a service means
// generating its model and writing its handlers; no protocol code changes.

export type Protocol = 'awsJson1_0' | 'awsJson1_1' | 'awsQuery' | 'restXml' | 'restJson1' | 'ec2Query';

export type ScalarType =
  | 'string'
  | 'enum'
  | 'integer'
  | 'long'
  | 'short'
  | 'byte'
  | 'intEnum'
  | 'float'
  | 'double'
  | 'bigInteger'
  | 'bigDecimal'
  | 'boolean'
  | 'blob'
  | 'timestamp'
  | 'document';

/** Constraint traits copied from the model (smithy.api#length, #range, #pattern, enum values). */
export interface Constraints {
  /** smithy.api#length: for strings in characters, for lists/maps in entries, for blobs in bytes. */
  lengthMin?: number;
  lengthMax?: number;
  rangeMin?: number;
  rangeMax?: number;
  pattern?: string;
  /** Allowed values of an enum (string) shape. */
  enumValues?: string[];
  /** Allowed values of an intEnum shape. */
  intEnumValues?: number[];
}

/** HTTP binding traits of a member (rest protocols). */
export interface HttpBinding {
  location: 'header' | 'query' | 'label' | 'payload' | 'prefixHeaders' | 'queryParams' | 'responseCode';
  /** Header or query name, or the prefix for prefixHeaders. */
  name?: string;
}

export interface MemberModel {
  /** Name of the target shape in ServiceModel.shapes. */
  target: string;
  required?: boolean;
  /** Default value from smithy.api#default, when the model gives one. */
  default?: unknown;
  xmlName?: string;
  xmlFlattened?: boolean;
  xmlAttribute?: boolean;
  /** aws.protocols#ec2QueryName / awsQuery member name override. */
  queryName?: string;
  jsonName?: string;
  timestampFormat?: 'date-time' | 'http-date' | 'epoch-seconds';
  http?: HttpBinding;
  /** smithy.api#idempotencyToken */
  idempotencyToken?: boolean;
  /** smithy.api#xmlNamespace on the member (e.g. S3 Grantee's xsi namespace). */
  xmlNamespace?: { uri: string; prefix?: string };
  /** Constraint traits placed on the member itself rather than on its target shape (a few models do this). */
  constraints?: Constraints;
}

export interface StructureShape {
  type: 'structure' | 'union';
  members: Record<string, MemberModel>;
  /** Present on error shapes. */
  error?: ErrorTraits;
  xmlName?: string;
}

export interface ListShape {
  type: 'list';
  member: MemberModel;
  constraints?: Constraints;
  /** smithy.api#sparse */
  sparse?: boolean;
}

export interface MapShape {
  type: 'map';
  key: MemberModel;
  value: MemberModel;
  constraints?: Constraints;
  sparse?: boolean;
}

export interface ScalarShape {
  type: ScalarType;
  constraints?: Constraints;
  timestampFormat?: 'date-time' | 'http-date' | 'epoch-seconds';
}

export type ShapeModel = StructureShape | ListShape | MapShape | ScalarShape;

export interface ErrorTraits {
  /** Shape name: the JSON protocols' error code (`__type`). */
  code: string;
  /** awsQueryError code when the model gives one (query protocol `<Code>` and x-amzn-query-error). */
  queryCode?: string;
  httpStatus: number;
  fault: 'client' | 'server';
}

export interface OperationModel {
  name: string;
  /** Input structure shape name, or undefined for smithy.api#Unit. */
  input?: string;
  output?: string;
  errors: string[];
  http?: { method: string; uri: string; code?: number };
}

export interface ServiceModel {
  /** Smithy service shape name, e.g. AmazonSQS: the JSON protocols' X-Amz-Target prefix. */
  shapeName: string;
  /** Smithy namespace, e.g. com.amazonaws.sqs: prefix of JSON `__type` error codes. */
  namespace: string;
  sdkId: string;
  endpointPrefix: string;
  signingName: string;
  arnNamespace: string;
  /** API version, e.g. 2012-11-05 (awsQuery `Version`). */
  version: string;
  /** Protocols the model declares, in preference order. */
  protocols: Protocol[];
  /** aws.protocols#awsQueryCompatible: JSON errors also carry x-amzn-query-error. */
  awsQueryCompatible: boolean;
  /** XML namespace for query/rest-xml responses. */
  xmlNamespace?: string;
  shapes: Record<string, ShapeModel>;
  operations: Record<string, OperationModel>;
}

/** A model without its shapes: what routing needs before a service's code is loaded. */
export type ServiceMeta = Omit<ServiceModel, 'shapes'>;
