// Shared by the six ride-sharing services: the event schemas' validator, idempotent processing over DynamoDB
// conditional writes, and publishing to the ride-sharing bus. Zipped into every function with schemas/*.json.
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } = require('@aws-sdk/lib-dynamodb');
const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');
const { validate } = require('./validate');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
const events = new EventBridgeClient({});
const env = process.env;
// Idempotency records outlive any redelivery window (EventBridge retries for 24 h; replays are manual): 30 days.
const RECORD_TTL_S = 30 * 24 * 3600;

class SchemaValidationError extends Error {
  constructor(detailType, eventId, errors) {
    super(`${detailType}${eventId ? ` event ${eventId}` : ''} violates its schema: ${errors.join('; ')}`);
    this.name = 'SchemaValidationError';
  }
}

/** Throws SchemaValidationError when `detail` does not conform to schemas/<detailType>.json. */
function requireValid(detailType, detail, eventId) {
  const errors = validate(detailType, detail);
  if (errors.length > 0) throw new SchemaValidationError(detailType, eventId, errors);
}

/** Publishes one event; the producer validates it first so nothing off-schema leaves a service. */
async function publish(source, detailType, detail) {
  requireValid(detailType, detail);
  const out = await events.send(
    new PutEventsCommand({
      Entries: [
        { EventBusName: env.EVENT_BUS_NAME, Source: source, DetailType: detailType, Detail: JSON.stringify(detail) },
      ],
    }),
  );
  const entry = out.Entries && out.Entries[0];
  if (out.FailedEntryCount || !entry || !entry.EventId) {
    throw new Error(`PutEvents failed: ${entry ? `${entry.ErrorCode}: ${entry.ErrorMessage}` : 'no entry'}`);
  }
  return entry.EventId;
}

function canceledReasons(err) {
  return err && err.name === 'TransactionCanceledException' ? err.CancellationReasons || [] : undefined;
}

/**
 * Processes one delivery at most once per idempotency key (deliveries are at-least-once: retries, replays).
 * The idempotency record and the consumer's own state changes (`writes`, DynamoDB transaction items) commit in
 * one transaction, so a crash between them cannot apply an effect twice or record it without applying it.
 * `then` runs the side effects outside DynamoDB (publishing follow-up events); the record remembers whether they
 * completed, so a redelivery after a crash there finishes them instead of skipping them.
 * `data` (kept in the record) carries what `then` needs, e.g. the driver chosen the first time.
 * Returns 'processed', 'duplicate' or 'stale' (one of `writes`' own conditions failed: nothing was applied).
 */
async function processOnce({ consumer, key, writes = [], data = {}, then }) {
  const pk = `${consumer}#${key}`;
  const record = {
    pk,
    consumer,
    data,
    deliveries: 1,
    done: !then,
    firstSeenAt: new Date().toISOString(),
    expiresAt: Math.floor(Date.now() / 1000) + RECORD_TTL_S,
  };
  try {
    await ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: env.IDEMPOTENCY_TABLE, Item: record, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...writes,
        ],
      }),
    );
  } catch (err) {
    const reasons = canceledReasons(err);
    if (!reasons) throw err;
    if (reasons[0] && reasons[0].Code === 'ConditionalCheckFailed') {
      const seen = await ddb.send(
        new UpdateCommand({
          TableName: env.IDEMPOTENCY_TABLE,
          Key: { pk },
          UpdateExpression: 'ADD deliveries :one',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (seen.Attributes && seen.Attributes.done === false && then) await finish(pk, then, seen.Attributes.data);
      console.log(JSON.stringify({ consumer, key, outcome: 'duplicate' }));
      return 'duplicate';
    }
    if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) {
      console.log(JSON.stringify({ consumer, key, outcome: 'stale' }));
      return 'stale';
    }
    throw err;
  }
  if (then) await finish(pk, then, data);
  return 'processed';
}

async function finish(pk, then, data) {
  await then(data);
  await ddb.send(
    new UpdateCommand({
      TableName: env.IDEMPOTENCY_TABLE,
      Key: { pk },
      UpdateExpression: 'SET done = :t',
      ExpressionAttributeValues: { ':t': true },
    }),
  );
}

module.exports = { ddb, env, publish, processOnce, requireValid, canceledReasons, SchemaValidationError };
