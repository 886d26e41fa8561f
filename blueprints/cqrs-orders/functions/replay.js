// Replay: rebuilds both read models from the event log alone into the (fresh) tables named in the request, with
// the projector's own `apply` / `view`. Reads the whole store with consistent scans and refuses a log with a gap.
const { ScanCommand, BatchWriteCommand } = require('@aws-sdk/lib-dynamodb');
const { apply, view, customerRow } = require('./domain');
const { doc, respond, request, failure, EVENTS } = require('./eventstore');

async function writeAll(TableName, items) {
  for (let i = 0; i < items.length; i += 25) {
    let RequestItems = { [TableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
    for (let attempt = 0; RequestItems && Object.keys(RequestItems).length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const out = await doc.send(new BatchWriteCommand({ RequestItems }));
      RequestItems = out.UnprocessedItems;
    }
  }
}

exports.handler = async (event) => {
  try {
    const { summaryTable, customerTable } = request(event);
    if (!summaryTable || !customerTable) throw new Error('summaryTable and customerTable are required');
    const streams = new Map();
    let events = 0;
    let ExclusiveStartKey;
    do {
      const page = await doc.send(new ScanCommand({ TableName: EVENTS, ConsistentRead: true, ExclusiveStartKey }));
      for (const e of page.Items || []) {
        if (!streams.has(e.aggregateId)) streams.set(e.aggregateId, []);
        streams.get(e.aggregateId).push(e);
        events++;
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    const states = [];
    for (const list of streams.values()) {
      list.sort((a, b) => a.version - b.version);
      states.push(list.reduce(apply, undefined)); // apply throws on a gap in the versions
    }
    await writeAll(summaryTable, states.map(view));
    await writeAll(customerTable, states.map(customerRow));
    return respond(200, { aggregates: states.length, events });
  } catch (e) {
    return failure(e);
  }
};
