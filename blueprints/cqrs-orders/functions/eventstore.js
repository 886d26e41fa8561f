// The event store (table aggregateId + version) and its snapshots, shared by the functions. Appending is a
// conditional write of version N+1 (`attribute_not_exists(version)`): of two commands that loaded the same
// version, exactly one appends and the other gets ConditionalCheckFailed, surfaced as a ConcurrencyConflict.
// Every SNAPSHOT_EVERY-th event is appended in one TransactWriteItems with the snapshot of the new state.
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand } = require('@aws-sdk/lib-dynamodb');
const { apply, DomainError } = require('./domain');

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
const EVENTS = process.env.EVENTS_TABLE;
const SNAPSHOTS = process.env.SNAPSHOTS_TABLE;
const SNAPSHOT_EVERY = Number(process.env.SNAPSHOT_EVERY || 5);

/** All items of a Query, page by page. */
async function queryAll(input) {
  const items = [];
  let ExclusiveStartKey;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(page.Items || []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** The latest snapshot of an aggregate, if any. */
async function latestSnapshot(aggregateId) {
  const page = await doc.send(
    new QueryCommand({
      TableName: SNAPSHOTS,
      KeyConditionExpression: 'aggregateId = :id',
      ExpressionAttributeValues: { ':id': aggregateId },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return page.Items && page.Items[0];
}

/** Events of an aggregate after `afterVersion`, in version order (strongly consistent). */
function eventsAfter(aggregateId, afterVersion) {
  return queryAll({
    TableName: EVENTS,
    KeyConditionExpression: 'aggregateId = :id AND version > :v',
    ExpressionAttributeValues: { ':id': aggregateId, ':v': afterVersion },
    ConsistentRead: true,
  });
}

/** Current state: the latest snapshot (unless `useSnapshot` is false) plus the events after it. */
async function load(aggregateId, useSnapshot = true) {
  const snap = useSnapshot ? await latestSnapshot(aggregateId) : undefined;
  const tail = await eventsAfter(aggregateId, snap ? snap.version : 0);
  const state = tail.reduce(apply, snap ? snap.state : undefined);
  return { state, snapshotVersion: snap ? snap.version : 0, eventsApplied: tail.length };
}

const conflict = (aggregateId, version, reason) =>
  new DomainError(
    409,
    'ConcurrencyConflict',
    `order ${aggregateId} was changed concurrently: version ${version} already exists`,
    { reason, version },
  );

/** Appends `event` as version `state.version + 1`; returns the stored event and whether a snapshot was taken. */
async function append(aggregateId, state, event, commandId) {
  const version = (state ? state.version : 0) + 1;
  const stored = { aggregateId, version, type: event.type, data: event.data, at: new Date().toISOString(), commandId };
  const put = { TableName: EVENTS, Item: stored, ConditionExpression: 'attribute_not_exists(version)' };
  const snapshot = version % SNAPSHOT_EVERY === 0;
  try {
    if (!snapshot) {
      await doc.send(new PutCommand(put));
    } else {
      const snap = { aggregateId, version, state: apply(state, stored), takenAt: stored.at };
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: put },
            { Put: { TableName: SNAPSHOTS, Item: snap, ConditionExpression: 'attribute_not_exists(version)' } },
          ],
        }),
      );
    }
  } catch (e) {
    if (e.name === 'ConditionalCheckFailedException') throw conflict(aggregateId, version, 'ConditionalCheckFailed');
    const reasons = (e.name === 'TransactionCanceledException' && e.CancellationReasons) || [];
    if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) {
      throw conflict(aggregateId, version, 'TransactionCanceled: ConditionalCheckFailed');
    }
    throw e;
  }
  return { event: stored, snapshot };
}

/** A function-URL style response (what a Lambda function URL or API Gateway proxy integration returns). */
function respond(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** The request: the payload itself (Lambda Invoke) or the JSON body of a function-URL / proxy event. */
function request(event) {
  if (event && event.requestContext && typeof event.body === 'string') {
    return JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body);
  }
  return event || {};
}

/** Domain errors become their status; anything else is a 500 with the error name. */
function failure(e) {
  if (e instanceof DomainError) {
    return respond(e.status, { error: e.code, message: e.message, ...(e.detail ? { detail: e.detail } : {}) });
  }
  console.error(e);
  return respond(500, { error: e.name || 'InternalError', message: e.message });
}

module.exports = { doc, queryAll, load, append, respond, request, failure, EVENTS, SNAPSHOTS };
