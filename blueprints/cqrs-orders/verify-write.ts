// verify, write side: every command's event, the domain rule, optimistic concurrency (a race on one version, a
// burst of concurrent commands) and snapshots.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Command, CommandReply, Reply } from './api.js';
import { type Attempt, check, type Expectation, Run, same } from './checks.js';
import { SNAPSHOT_EVERY, TABLES } from './resources.js';

const versions = (events: { version: number }[]) => events.map((e) => e.version);
const contiguous = (vs: number[]) => vs.every((v, i) => v === i + 1);

export async function verifyCommands(run: Run, attempt: Attempt): Promise<void> {
  const a = run.order('a');
  const b = run.order('b');
  const customer = run.customer('alice');
  const name =
    'each command appends its event: OrderCreated, ItemAdded, ItemRemoved, DiscountApplied, OrderConfirmed, OrderCancelled';
  await attempt(name, async () => {
    const replies = await run.sequence([
      { type: 'CreateOrder', orderId: a, customerId: customer },
      { type: 'AddItem', orderId: a, sku: 'sku-1', quantity: 2, unitPriceCents: 1000 },
      { type: 'AddItem', orderId: a, sku: 'sku-2', quantity: 1, unitPriceCents: 500 },
      { type: 'RemoveItem', orderId: a, sku: 'sku-2' },
      { type: 'ApplyDiscount', orderId: a, percent: 10 },
      { type: 'ConfirmOrder', orderId: a },
      { type: 'CreateOrder', orderId: b, customerId: customer },
      { type: 'CancelOrder', orderId: b, reason: 'changed my mind' },
    ]);
    const [logA, logB] = [await run.events(a), await run.events(b)];
    const got = [...logA, ...logB].map((e) => ({ type: e.type, data: e.data }));
    const want = [
      { type: 'OrderCreated', data: { customerId: customer } },
      { type: 'ItemAdded', data: { sku: 'sku-1', quantity: 2, unitPriceCents: 1000 } },
      { type: 'ItemAdded', data: { sku: 'sku-2', quantity: 1, unitPriceCents: 500 } },
      { type: 'ItemRemoved', data: { sku: 'sku-2' } },
      { type: 'DiscountApplied', data: { percent: 10 } },
      { type: 'OrderConfirmed', data: { totalCents: 1800 } },
      { type: 'OrderCreated', data: { customerId: customer } },
      { type: 'OrderCancelled', data: { reason: 'changed my mind' } },
    ];
    return check(name, [
      [
        'statuses (201 for CreateOrder)',
        same(
          replies.map((r) => r.statusCode),
          [201, 200, 200, 200, 200, 200, 201, 200],
        ),
        replies.map((r) => r.statusCode),
      ],
      ['events in the store, in order, with their data', same(got, want), got],
      [
        'versions 1..6 and 1..2',
        same(versions(logA), [1, 2, 3, 4, 5, 6]) && same(versions(logB), [1, 2]),
        [versions(logA), versions(logB)],
      ],
      [
        'each reply names its stored event',
        replies.every((r, i) => r.body.event?.type === want[i]!.type),
        replies.map((r) => r.body.event?.type),
      ],
      [
        'each event records its command',
        [...logA, ...logB].every((e, i) => e.commandId === replies[i]!.body.commandId),
        undefined,
      ],
    ]);
  });

  const rule = 'a cancelled order cannot be confirmed (and a confirmed one takes no more items)';
  await attempt(rule, async () => {
    const confirm = await run.send({ type: 'ConfirmOrder', orderId: b });
    const add = await run.send({ type: 'AddItem', orderId: a, sku: 'sku-3', quantity: 1, unitPriceCents: 100 });
    const dup = await run.send({ type: 'CreateOrder', orderId: a, customerId: customer });
    const [logA, logB] = [await run.events(a), await run.events(b)];
    return check(rule, [
      [
        'ConfirmOrder on the cancelled order: 422 InvalidOrderState',
        confirm.statusCode === 422 && confirm.body.error === 'InvalidOrderState',
        confirm,
      ],
      [
        'AddItem on the confirmed order: 422 InvalidOrderState',
        add.statusCode === 422 && add.body.error === 'InvalidOrderState',
        add,
      ],
      [
        'CreateOrder of an existing order: 409 OrderAlreadyExists',
        dup.statusCode === 409 && dup.body.error === 'OrderAlreadyExists',
        dup,
      ],
      ['no event appended', logA.length === 6 && logB.length === 2, [logA.length, logB.length]],
    ]);
  });
}

/** Two commands sent at once that both load, then wait for the same instant to append the same version. */
async function race(run: Run, orderId: string, version: number): Promise<Reply<CommandReply>[]> {
  const holdUntil = Date.now() + 1000;
  const cmd = (sku: string) => ({
    type: 'AddItem',
    orderId,
    sku,
    quantity: 1,
    unitPriceCents: 100,
    expectedVersion: version - 1,
    simulate: { holdUntil },
  });
  return Promise.all([run.send(cmd('race-x')), run.send(cmd('race-y'))]);
}

export async function verifyConcurrency(run: Run, attempt: Attempt): Promise<void> {
  // The burst runs first: it also warms several function instances for the race below.
  const burst = 'a burst of 8 concurrent commands: every acknowledged command is in the log, versions without gaps';
  await attempt(burst, async () => {
    const d = run.order('d');
    await run.sequence([{ type: 'CreateOrder', orderId: d, customerId: run.customer('bob') }]);
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        run.send({
          type: 'AddItem',
          orderId: d,
          sku: `sku-${i}`,
          quantity: 1,
          unitPriceCents: 100,
          commandId: `${d}-${i}`,
        }),
      ),
    );
    const acked = replies.filter((r) => r.statusCode === 200);
    const conflicts = replies.filter((r) => r.statusCode === 409 && r.body.error === 'ConcurrencyConflict');
    const log = await run.events(d);
    const logged = log.filter((e) => e.version > 1);
    const ackedIds = acked.map((r) => r.body.commandId).sort();
    return check(
      burst,
      [
        [
          'every command acknowledged or refused with a conflict',
          acked.length + conflicts.length === 8,
          replies.map((r) => r.statusCode),
        ],
        ['at least one acknowledged', acked.length >= 1, acked.length],
        ['versions 1..n, no gap', contiguous(versions(log)), versions(log)],
        [
          'the log holds exactly the acknowledged commands',
          same(logged.map((e) => e.commandId).sort(), ackedIds),
          logged.map((e) => e.commandId),
        ],
        [
          'each acknowledgement names its version',
          acked.every((r) => log.find((e) => e.commandId === r.body.commandId)?.version === r.body.version),
          undefined,
        ],
      ],
      `${acked.length} acknowledged, ${conflicts.length} conflicts`,
    );
  });

  const name = 'two concurrent commands on the same version: exactly one appends, the other gets a ConcurrencyConflict';
  await attempt(name, async () => {
    const c = run.order('c');
    await run.sequence([
      { type: 'CreateOrder', orderId: c, customerId: run.customer('alice') },
      { type: 'AddItem', orderId: c, sku: 'sku-1', quantity: 1, unitPriceCents: 100 },
    ]);
    const exp: Expectation[] = [];
    // Version 3 is a plain conditional PutItem; version 5 is appended with its snapshot in a TransactWriteItems.
    for (const [version, reason] of [
      [3, 'ConditionalCheckFailed'],
      [5, 'TransactionCanceled: ConditionalCheckFailed'],
    ] as const) {
      if (version === 5)
        await run.sequence([{ type: 'AddItem', orderId: c, sku: 'sku-2', quantity: 1, unitPriceCents: 100 }]);
      const replies = await race(run, c, version);
      const won = replies.filter((r) => r.statusCode === 200);
      const lost = replies.filter((r) => r.statusCode === 409);
      const log = await run.events(c);
      exp.push(
        [`v${version}: one 200 and one 409`, won.length === 1 && lost.length === 1, replies],
        [
          `v${version}: the loser's error is ConcurrencyConflict (${reason})`,
          lost[0]?.body.error === 'ConcurrencyConflict' && lost[0]?.body.detail?.reason === reason,
          lost[0]?.body,
        ],
        [
          `v${version}: the log holds the winner's event at v${version}`,
          log.find((e) => e.version === version)?.commandId === won[0]?.body.commandId,
          log.at(-1),
        ],
        [
          `v${version}: versions 1..${version}, no gap`,
          same(
            versions(log),
            Array.from({ length: version }, (_, i) => i + 1),
          ),
          versions(log),
        ],
      );
    }
    const stale = await run.send({ type: 'ConfirmOrder', orderId: c, expectedVersion: 2 });
    exp.push([
      'a stale expectedVersion: 409 ExpectedVersionMismatch',
      stale.statusCode === 409 && stale.body.detail?.reason === 'ExpectedVersionMismatch',
      stale.body,
    ]);
    return check(name, exp);
  });
}

export async function verifySnapshots(run: Run, attempt: Attempt): Promise<void> {
  const name = `snapshots every ${SNAPSHOT_EVERY} events rebuild the same state as the whole log`;
  await attempt(name, async () => {
    const e = run.order('e');
    const cmds: Command[] = [{ type: 'CreateOrder', orderId: e, customerId: run.customer('bob') }];
    for (let i = 1; i <= 11; i++) {
      cmds.push(
        i % 4 === 0
          ? { type: 'RemoveItem', orderId: e, sku: `sku-${i - 1}` }
          : { type: 'AddItem', orderId: e, sku: `sku-${i}`, quantity: i, unitPriceCents: 250 },
      );
    }
    const replies = await run.sequence(cmds);
    const snaps = await run.doc.send(
      new QueryCommand({
        TableName: TABLES.snapshots.name,
        KeyConditionExpression: 'aggregateId = :id',
        ExpressionAttributeValues: { ':id': e },
        ConsistentRead: true,
      }),
    );
    const snapVersions = (snaps.Items ?? []).map((s) => s.version as number);
    const taken = replies.filter((r) => r.body.snapshotTaken).map((r) => r.body.version);
    const re = await run.api.query<{
      fromSnapshot: { state: unknown; snapshotVersion: number; eventsApplied: number };
      fromLog: { state: unknown; snapshotVersion: number; eventsApplied: number };
    }>({ type: 'Rehydrate', orderId: e });
    const { fromSnapshot, fromLog } = re.body;
    return check(name, [
      ['snapshots stored at versions 5 and 10', same(snapVersions, [5, 10]), snapVersions],
      ['replies report the snapshots', same(taken, [5, 10]), taken],
      [
        'snapshot v10 holds the state at v10',
        (snaps.Items?.[1]?.state as { version?: number })?.version === 10,
        snaps.Items?.[1],
      ],
      [
        'the 12th command loaded snapshot 10 + 1 event',
        same(replies[11]?.body.loadedFrom, { snapshotVersion: 10, eventsApplied: 1 }),
        replies[11]?.body.loadedFrom,
      ],
      [
        'rehydrate: snapshot 10 + 2 events',
        fromSnapshot?.snapshotVersion === 10 && fromSnapshot.eventsApplied === 2,
        fromSnapshot,
      ],
      ['rehydrate: the whole log is 12 events', fromLog?.eventsApplied === 12, fromLog?.eventsApplied],
      ['same state either way', same(fromSnapshot?.state, fromLog?.state), [fromSnapshot?.state, fromLog?.state]],
    ]);
  });
}
