// Shared by the DynamoDB stream event source mapping tests: a Node.js handler that records every batch it gets in
// a log item of a target table (so order and retries are visible) and behaves per MODE, and table helpers.
import {
  CreateTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { uniqueName } from '../helpers/util.js';

/**
 * MODE=project: writes each INSERT/MODIFY NewImage into TARGET (deletes on REMOVE).
 * MODE=partial: the first invocation reports record r2 in batchItemFailures.
 * MODE=poison: throws when the batch holds the item "poison".
 * Every invocation first appends its batch's ids ("a,b,c") to TARGET's __log item, and stores the event in __last.
 */
export const HANDLER = `
const { DynamoDBClient, UpdateItemCommand, PutItemCommand, DeleteItemCommand } = require('@aws-sdk/client-dynamodb');
const ddb = new DynamoDBClient({});
const T = process.env.TARGET;
const append = (key, entry) => ddb.send(new UpdateItemCommand({ TableName: T, Key: { id: { S: key } },
  UpdateExpression: 'SET entries = list_append(if_not_exists(entries, :e), :x)',
  ExpressionAttributeValues: { ':e': { L: [] }, ':x': { L: [{ S: entry }] } } }));
exports.handler = async (event) => {
  const ids = event.Records.map((r) => r.dynamodb.Keys.id.S);
  await append('__log', ids.join(','));
  await ddb.send(new PutItemCommand({ TableName: T, Item: { id: { S: '__last' }, event: { S: JSON.stringify(event) } } }));
  const mode = process.env.MODE;
  if (mode === 'project') {
    for (const r of event.Records) {
      if (process.env.SLOW) await new Promise((res) => setTimeout(res, Number(process.env.SLOW)));
      if (r.eventName === 'REMOVE') await ddb.send(new DeleteItemCommand({ TableName: T, Key: r.dynamodb.Keys }));
      else await ddb.send(new PutItemCommand({ TableName: T, Item: r.dynamodb.NewImage }));
    }
  }
  if (mode === 'partial') {
    const r = await ddb.send(new UpdateItemCommand({ TableName: T, Key: { id: { S: '__calls' } },
      UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } }, ReturnValues: 'UPDATED_NEW' }));
    if (r.Attributes.n.N === '1') {
      const bad = event.Records.find((x) => x.dynamodb.Keys.id.S === 'r2');
      return { batchItemFailures: [{ itemIdentifier: bad.dynamodb.SequenceNumber }] };
    }
    return { batchItemFailures: [] };
  }
  if (mode === 'poison' && ids.includes('poison')) throw new Error('poison record');
  return {};
};`;

/** Creates a table keyed by `id` (S); with a stream when a view type is given. Returns name and stream ARN. */
export async function createTable(
  ddb: DynamoDBClient,
  view?: 'NEW_AND_OLD_IMAGES' | 'NEW_IMAGE' | 'KEYS_ONLY',
): Promise<{ name: string; streamArn: string }> {
  const name = uniqueName('t');
  const out = await ddb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...(view ? { StreamSpecification: { StreamEnabled: true, StreamViewType: view } } : {}),
    }),
  );
  return { name, streamArn: out.TableDescription?.LatestStreamArn ?? '' };
}

export async function put(ddb: DynamoDBClient, table: string, id: string, extra: Record<string, AttributeValue> = {}) {
  await ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: id }, ...extra } }));
}

/** The batches the handler logged in `target`, oldest first, each as its list of ids. */
export async function batches(ddb: DynamoDBClient, target: string): Promise<string[][]> {
  const out = await ddb.send(
    new GetItemCommand({ TableName: target, Key: { id: { S: '__log' } }, ConsistentRead: true }),
  );
  return (out.Item?.entries?.L ?? []).map((v) => (v.S ?? '').split(','));
}

/** The last event the handler received. */
export async function lastEvent(ddb: DynamoDBClient, target: string): Promise<{ Records: Record<string, unknown>[] }> {
  const out = await ddb.send(new GetItemCommand({ TableName: target, Key: { id: { S: '__last' } } }));
  return JSON.parse(out.Item?.event?.S ?? '{"Records":[]}') as { Records: Record<string, unknown>[] };
}
