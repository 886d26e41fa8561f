// CreateTable/UpdateTable input rules beyond the model's constraints, with AWS's messages.
import type { CreateTableInput } from '../../../generated/dynamodb/types.js';
import { DdbErrors } from './errors.js';
import type { IndexMeta, KeyElement, Projection, TableMeta } from './table.js';

const INVALID = 'One or more parameter values were invalid: ';
const fail = (message: string): never => {
  throw DdbErrors.validation(message);
};

export const MAX_LSIS = 5;
export const MAX_GSIS = 20;

/** Table names (the model accepts ARNs too, so the name rules are checked here, in coral's words). */
export function checkTableName(name: string): void {
  const problems: string[] = [];
  if (name.length < 3) problems.push('Member must have length greater than or equal to 3');
  if (name.length > 255) problems.push('Member must have length less than or equal to 255');
  if (!/^[a-zA-Z0-9_.-]+$/.test(name)) problems.push('Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+');
  if (problems.length === 0) return;
  const n = problems.length;
  fail(
    `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.map((p) => `Value '${name}' at 'tableName' failed to satisfy constraint: ${p}`).join('; ')}`,
  );
}

export function checkKeySchema(keySchema: KeyElement[], what: 'KeySchema' | 'Index KeySchema'): void {
  const hash = keySchema[0];
  if (!hash || hash.KeyType !== 'HASH') fail(`Invalid ${what}: The first KeySchemaElement is not a HASH key type`);
  const range = keySchema[1];
  if (range) {
    if (range.KeyType !== 'RANGE') fail(`Invalid ${what}: The second KeySchemaElement is not a RANGE key type`);
    if (range.AttributeName === hash!.AttributeName) {
      fail('Both the Hash Key and the Range Key element in the KeySchema have the same name');
    }
  }
}

export function checkProjection(p: Projection | undefined): Projection {
  const type = p?.ProjectionType;
  if (type === undefined) return fail(`${INVALID}Unknown ProjectionType: null`);
  if (type === 'INCLUDE') {
    if (!p?.NonKeyAttributes || p.NonKeyAttributes.length === 0) {
      fail(`${INVALID}ProjectionType is INCLUDE, but NonKeyAttributes is not specified`);
    }
    if (new Set(p!.NonKeyAttributes).size !== p!.NonKeyAttributes!.length) {
      fail(`${INVALID}Duplicate attribute in NonKeyAttributes`);
    }
    return { ProjectionType: type, NonKeyAttributes: [...p!.NonKeyAttributes!] };
  }
  if (p?.NonKeyAttributes !== undefined) fail(`${INVALID}ProjectionType is ${type}, but NonKeyAttributes is specified`);
  return { ProjectionType: type };
}

interface ThroughputIn {
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

function throughputOf(t: ThroughputIn | undefined) {
  return { read: t?.ReadCapacityUnits ?? 0, write: t?.WriteCapacityUnits ?? 0, decreases: 0 };
}

/** Validates a CreateTable request and builds the new table's definition (without ids and ARNs). */
export function buildTableMeta(input: CreateTableInput): Omit<TableMeta, 'tableId' | 'arn' | 'createdAt' | 'readyAt'> {
  const keySchema = input.KeySchema as KeyElement[];
  const attrs = (input.AttributeDefinitions ?? []) as TableMeta['attributeDefinitions'];
  checkKeySchema(keySchema, 'KeySchema');
  const names = attrs.map((a) => a.AttributeName);
  if (new Set(names).size !== names.length) fail(`${INVALID}Duplicate AttributeName in AttributeDefinitions`);
  const billingMode = input.BillingMode ?? 'PROVISIONED';
  const pt = input.ProvisionedThroughput;
  if (billingMode === 'PROVISIONED' && !pt) {
    fail(`${INVALID}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`);
  }
  if (billingMode === 'PAY_PER_REQUEST' && pt) {
    fail(
      `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
    );
  }
  const used = new Set(keySchema.map((k) => k.AttributeName));
  const hashName = keySchema[0]!.AttributeName;
  const rangeName = keySchema[1]?.AttributeName;
  const indexNames = new Set<string>();
  const lsis: IndexMeta[] = [];
  const lsiIn = input.LocalSecondaryIndexes;
  if (lsiIn !== undefined) {
    if (lsiIn.length === 0) fail(`${INVALID}List of LocalSecondaryIndexes is empty`);
    if (!rangeName) {
      fail(
        `${INVALID}Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`,
      );
    }
    if (lsiIn.length > MAX_LSIS)
      fail(`${INVALID}Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LSIS}`);
    for (const l of lsiIn) {
      const ks = l.KeySchema as KeyElement[];
      checkKeySchema(ks, 'Index KeySchema');
      if (indexNames.has(l.IndexName)) fail(`${INVALID}Duplicate index name: ${l.IndexName}`);
      indexNames.add(l.IndexName);
      if (ks[0]!.AttributeName !== hashName) {
        fail(
          `${INVALID}Index KeySchema does not have the same leading hash key as table KeySchema for index: ${l.IndexName}. index hash key: ${ks[0]!.AttributeName}, table hash key: ${hashName}`,
        );
      }
      if (!ks[1]) fail(`${INVALID}Index KeySchema does not have a range key for index: ${l.IndexName}`);
      ks.forEach((k) => used.add(k.AttributeName));
      lsis.push({ name: l.IndexName, keySchema: ks, projection: checkProjection(l.Projection as Projection) });
    }
  }
  const gsis: IndexMeta[] = [];
  const gsiIn = input.GlobalSecondaryIndexes;
  if (gsiIn !== undefined) {
    if (gsiIn.length === 0) fail(`${INVALID}List of GlobalSecondaryIndexes is empty`);
    if (gsiIn.length > MAX_GSIS)
      fail(`${INVALID}GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GSIS}`);
    for (const g of gsiIn) {
      const ks = g.KeySchema as KeyElement[];
      checkKeySchema(ks, 'Index KeySchema');
      if (indexNames.has(g.IndexName)) fail(`${INVALID}Duplicate index name: ${g.IndexName}`);
      indexNames.add(g.IndexName);
      if (billingMode === 'PROVISIONED' && !g.ProvisionedThroughput) {
        fail(`${INVALID}ProvisionedThroughput is not specified for index: ${g.IndexName}`);
      }
      if (billingMode === 'PAY_PER_REQUEST' && g.ProvisionedThroughput) {
        fail(
          `${INVALID}ProvisionedThroughput should not be specified for index: ${g.IndexName} when BillingMode is PAY_PER_REQUEST`,
        );
      }
      ks.forEach((k) => used.add(k.AttributeName));
      gsis.push({
        name: g.IndexName,
        keySchema: ks,
        projection: checkProjection(g.Projection as Projection),
        status: 'CREATING',
        throughput: throughputOf(g.ProvisionedThroughput),
      });
    }
  }
  const missing = [...used].filter((n) => !names.includes(n));
  if (missing.length > 0) {
    fail(
      `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [${missing.join(', ')}], AttributeDefinitions: [${names.join(', ')}]`,
    );
  }
  if (names.length !== used.size) {
    fail(
      `${INVALID}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`,
    );
  }
  const ss = input.StreamSpecification;
  if (ss?.StreamEnabled && !ss.StreamViewType) {
    fail(`${INVALID}StreamViewType is required when StreamEnabled is true`);
  }
  if (ss && !ss.StreamEnabled && ss.StreamViewType) {
    fail(`${INVALID}StreamViewType can only be specified when StreamEnabled is true`);
  }
  const tags: Record<string, string> = {};
  for (const t of input.Tags ?? []) tags[t.Key] = t.Value;
  const sse = input.SSESpecification;
  return {
    name: input.TableName,
    status: 'CREATING',
    keySchema,
    attributeDefinitions: attrs,
    billingMode,
    throughput: throughputOf(pt),
    lsis,
    gsis,
    stream: { enabled: false },
    ...(sse?.Enabled
      ? {
          sse: {
            enabled: true,
            type: sse.SSEType ?? 'KMS',
            ...(sse.KMSMasterKeyId ? { kmsKeyArn: sse.KMSMasterKeyId } : {}),
          },
        }
      : {}),
    tableClass: input.TableClass ?? 'STANDARD',
    deletionProtection: input.DeletionProtectionEnabled ?? false,
    tags,
  };
}
