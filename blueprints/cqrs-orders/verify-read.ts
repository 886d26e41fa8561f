// verify, read side: the projector's mapping, convergence of both read models, the query API, and replay of the
// whole log into fresh tables compared with the stream-maintained read models.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Attempt, check, type Expectation, Run, same } from './checks.js';
import { replayTables, TABLES, until } from './resources.js';
import { dropTable, ensureTable, scanAll } from './tables.js';

type Row = Record<string, unknown>;

export async function verifyMapping(run: Run, attempt: Attempt): Promise<void> {
  const name = "the projector reads the event store's stream (TRIM_HORIZON, INSERT filter, ReportBatchItemFailures)";
  await attempt(name, async () => {
    const lambda = new LambdaClient(run.ctx.clientConfig);
    const table = await run.ddb.send(new DescribeTableCommand({ TableName: TABLES.events.name }));
    const m = await lambda.send(new GetEventSourceMappingCommand({ UUID: String(run.ctx.outputs.mappingUuid) }));
    const spec = table.Table?.StreamSpecification;
    return check(name, [
      ['stream NEW_IMAGE', spec?.StreamEnabled === true && spec.StreamViewType === 'NEW_IMAGE', spec],
      ['mapping on the stream', m.EventSourceArn === table.Table?.LatestStreamArn, m.EventSourceArn],
      ['Enabled', m.State === 'Enabled', m.State],
      ['TRIM_HORIZON', m.StartingPosition === 'TRIM_HORIZON', m.StartingPosition],
      ['ReportBatchItemFailures', same(m.FunctionResponseTypes, ['ReportBatchItemFailures']), m.FunctionResponseTypes],
      ['INSERT filter', /INSERT/.test(m.FilterCriteria?.Filters?.[0]?.Pattern ?? ''), m.FilterCriteria],
      ['last batch OK', m.LastProcessingResult === 'OK', m.LastProcessingResult],
    ]);
  });
}

export async function verifyReadModels(run: Run, attempt: Attempt): Promise<void> {
  const name = 'read models converge: every order summary and customer list reaches the last event';
  await attempt(name, async () => {
    const started = Date.now();
    const summaries = new Map<string, Row>();
    for (const [orderId, customerId] of run.orders) {
      const last = (await run.events(orderId)).at(-1)?.version;
      await until(`${orderId} projected to v${last}`, async () => {
        const s = await run.doc.send(
          new GetCommand({ TableName: TABLES.summary.name, Key: { orderId }, ConsistentRead: true }),
        );
        const c = await run.doc.send(
          new GetCommand({ TableName: TABLES.customerOrders.name, Key: { customerId, orderId }, ConsistentRead: true }),
        );
        if (!s.Item || s.Item.version !== last || c.Item?.version !== last) return undefined;
        summaries.set(orderId, s.Item);
        return true;
      });
    }
    const converged = Date.now() - started;
    const a = summaries.get(run.order('a'));
    const b = summaries.get(run.order('b'));
    const exp: Expectation[] = [
      [
        'order a: CONFIRMED, 2 x sku-1 at 1000, 10% off = 1800',
        a?.status === 'CONFIRMED' &&
          same(a.items, [{ sku: 'sku-1', quantity: 2, unitPriceCents: 1000 }]) &&
          a.subtotalCents === 2000 &&
          a.totalCents === 1800 &&
          a.version === 6,
        a,
      ],
      ['order b: CANCELLED with its reason', b?.status === 'CANCELLED' && b.cancelReason === 'changed my mind', b],
    ];
    return check(name, exp, `${run.orders.size} orders converged in ${converged} ms`);
  });
}

export async function verifyQueries(run: Run, attempt: Attempt): Promise<void> {
  const name = 'the query API answers from the read models';
  await attempt(name, async () => {
    const a = run.order('a');
    const alice = run.customer('alice');
    const order = await run.api.query({ type: 'GetOrder', orderId: a });
    const stored = await run.doc.send(new GetCommand({ TableName: TABLES.summary.name, Key: { orderId: a } }));
    const list = await run.api.query<{ orders: Row[] }>({ type: 'ListCustomerOrders', customerId: alice });
    const rows = await run.doc.send(
      new QueryCommand({
        TableName: TABLES.customerOrders.name,
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': alice },
      }),
    );
    const missing = await run.api.query({ type: 'GetOrder', orderId: run.order('missing') });
    const bad = await run.api.query({ type: 'Nope' });
    const ids = (list.body.orders ?? []).map((o) => o.orderId);
    return check(name, [
      ['GetOrder: 200 with the summary item', order.statusCode === 200 && same(order.body, stored.Item), order],
      ["ListCustomerOrders: alice's orders a, b, c", same(ids, [a, run.order('b'), run.order('c')]), ids],
      ['ListCustomerOrders: the customer-orders rows', same(list.body.orders, rows.Items), list.body.orders],
      [
        'unknown order: 404 OrderNotFound',
        missing.statusCode === 404 && missing.body.error === 'OrderNotFound',
        missing,
      ],
      ['unknown query: 400 ValidationError', bad.statusCode === 400 && bad.body.error === 'ValidationError', bad],
    ]);
  });
}

/** Rows in key order (a scan's order is unspecified). */
const byKey = (rows: Row[], ...keys: string[]) => {
  const key = (r: Row) => keys.map((k) => String(r[k])).join('/');
  return [...rows].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
};

export async function verifyReplay(run: Run, attempt: Attempt): Promise<void> {
  const name = 'replay of the event log into fresh tables equals the stream-maintained read models';
  await attempt(name, async () => {
    const fresh = replayTables(run.id);
    try {
      await ensureTable(run.ddb, fresh.summary, run.ctx.log);
      await ensureTable(run.ddb, fresh.customerOrders, run.ctx.log);
      const out = await run.api.invoke<{ aggregates?: number; events?: number; error?: string }>('replay', {
        summaryTable: fresh.summary.name,
        customerTable: fresh.customerOrders.name,
      });
      const live = byKey(await scanAll(run.ddb, TABLES.summary.name), 'orderId');
      const replayed = byKey(await scanAll(run.ddb, fresh.summary.name), 'orderId');
      const liveRows = byKey(await scanAll(run.ddb, TABLES.customerOrders.name), 'customerId', 'orderId');
      const replayedRows = byKey(await scanAll(run.ddb, fresh.customerOrders.name), 'customerId', 'orderId');
      const diff = replayed.filter((r, i) => !same(r, live[i])).map((r) => r.orderId);
      return check(
        name,
        [
          ['replay answered 200', out.statusCode === 200, out.body],
          [
            'one summary per aggregate in the log',
            replayed.length === out.body.aggregates,
            [replayed.length, out.body],
          ],
          ['order summaries equal', same(replayed, live), { live: live.length, replayed: replayed.length, diff }],
          [
            'customer-order rows equal',
            same(replayedRows, liveRows),
            { live: liveRows.length, replayed: replayedRows.length },
          ],
        ],
        `${out.body.events} events, ${out.body.aggregates} orders replayed`,
      );
    } finally {
      await dropTable(run.ddb, fresh.summary.name);
      await dropTable(run.ddb, fresh.customerOrders.name);
    }
  });
}
