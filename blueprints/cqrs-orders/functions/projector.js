// The projector: invoked by the event source mapping on the event store's stream (INSERT records only, through
// the mapping's FilterCriteria). Each event moves both read models forward in one TransactWriteItems, guarded by
// the summary's version, so a redelivered record (streams deliver at least once) is skipped and an event can
// never be applied out of order. On a failure it reports that record and stops: the mapping retries from it
// (ReportBatchItemFailures), which keeps each order's events in sequence.
const { unmarshall } = require('@aws-sdk/util-dynamodb');
const { GetCommand, TransactWriteCommand } = require('@aws-sdk/lib-dynamodb');
const { apply, view, fromView, customerRow } = require('./domain');
const { doc } = require('./eventstore');

const SUMMARY = process.env.SUMMARY_TABLE;
const CUSTOMERS = process.env.CUSTOMER_ORDERS_TABLE;

async function project(stored) {
  const got = await doc.send(
    new GetCommand({ TableName: SUMMARY, Key: { orderId: stored.aggregateId }, ConsistentRead: true }),
  );
  const prev = got.Item;
  const at = prev ? prev.version : 0;
  if (stored.version <= at) return 'duplicate';
  const state = apply(prev ? fromView(prev) : undefined, stored);
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: SUMMARY,
            Item: view(state),
            ConditionExpression: 'attribute_not_exists(orderId) OR version = :at',
            ExpressionAttributeValues: { ':at': at },
          },
        },
        { Put: { TableName: CUSTOMERS, Item: customerRow(state) } },
      ],
    }),
  );
  return 'applied';
}

exports.handler = async (event) => {
  const counts = { applied: 0, duplicate: 0 };
  for (const record of event.Records || []) {
    try {
      if (record.eventName !== 'INSERT' || !record.dynamodb || !record.dynamodb.NewImage) continue;
      counts[await project(unmarshall(record.dynamodb.NewImage))]++;
    } catch (e) {
      console.error(`projection of ${record.dynamodb && record.dynamodb.SequenceNumber} failed`, e);
      console.log(JSON.stringify(counts));
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb.SequenceNumber }] };
    }
  }
  console.log(JSON.stringify(counts));
  return { batchItemFailures: [] };
};
