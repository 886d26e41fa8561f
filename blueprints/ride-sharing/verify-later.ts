// verify, second half: analytics in both accounts, a burst (zero loss), the 7-year archive, a replay that proves
// the consumers idempotent, the poisoned event in the failure destination, and an undeliverable event in the DLQ.
import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  PutEventsCommand,
  PutPermissionCommand,
  RemovePermissionCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import { arns, poll, type Clients } from './clients.js';
import {
  ANALYTICS_BUS,
  ANALYTICS_PERMISSION_SID,
  ARCHIVE,
  ARCHIVE_RETENTION_DAYS,
  ASYNC_RETRIES,
  BUS,
  DRIVERS,
  RULES,
  functionName,
} from './names.js';
import { counter, counters, drivers, marker, payments, type Item } from './probes.js';
import { detailOf, notificationsFor, POISON_TIMEOUT_MS, str, type Check, type Run } from './verify.js';

const STEP_TIMEOUT_MS = 30_000;
const BURST = 100;

async function analyticsChecks(ctx: BlueprintContext, c: Clients, run: Run, check: Check): Promise<void> {
  const lifecycle = ['DriverAssigned', 'PaymentProcessed', 'RideCompleted', 'RideRequested'];
  const counted = await poll(async () => {
    const n = await counter(c, `ride#${run.normal}`);
    return Number(n?.events ?? 0) >= lifecycle.length ? n : undefined;
  }, STEP_TIMEOUT_MS);
  check(
    "analytics: the Analytics service counted each of the ride's 4 lifecycle events",
    Number(counted?.events) === lifecycle.length,
    `counted ${str(counted?.events ?? 0)}`,
  );
  const arrived = await run.analytics.until((seen) => {
    const types = seen.filter((m) => detailOf(m).rideId === run.normal).map((m) => str(m.json['detail-type']));
    return lifecycle.every((t) => types.includes(t))
      ? seen.filter((m) => detailOf(m).rideId === run.normal)
      : undefined;
  }, STEP_TIMEOUT_MS);
  const foreign = (arrived ?? []).filter((m) => m.json.account !== ctx.accountId);
  check(
    "cross-account: the ride's events reached the analytics account (222222222222) bus and its ingest queue",
    !!arrived && foreign.length === 0,
    arrived ? `${arrived.length} events, account ${ctx.accountId}` : 'missing in the analytics account queue',
  );
}

async function burstCheck(c: Clients, run: Run, check: Check): Promise<void> {
  const ids: string[] = [];
  const latencies: number[] = [];
  let failed = 0;
  for (let batch = 0; batch < BURST / 10; batch++) {
    const entries = Array.from({ length: 10 }, (_, k) => {
      const n = batch * 10 + k;
      const detail = {
        idempotencyKey: `DriverLocationUpdated:${run.id}:${n}`,
        driverId: `drv-${run.id}-${n}`,
        lat: 40.75 + n / 10_000,
        lng: -73.98,
      };
      return {
        EventBusName: BUS,
        Source: 'ride-sharing.driver',
        DetailType: 'DriverLocationUpdated',
        Detail: JSON.stringify(detail),
      };
    });
    const start = Date.now();
    const out = await c.events.send(new PutEventsCommand({ Entries: entries }));
    latencies.push(Date.now() - start);
    failed += out.FailedEntryCount ?? 0;
    for (const e of out.Entries ?? []) if (e.EventId) ids.push(e.EventId);
  }
  const entities = Array.from({ length: BURST }, (_, n) => `driver#drv-${run.id}-${n}`);
  const counted = await poll(async () => {
    const items = await counters(c, entities);
    return items.length === BURST ? items : undefined;
  }, STEP_TIMEOUT_MS * 2);
  const delivered = await run.analytics.until((seen) => {
    const got = new Set(seen.map((m) => str(m.json.id)));
    return ids.every((id) => got.has(id)) ? got : undefined;
  }, STEP_TIMEOUT_MS * 2);
  const exact = (counted ?? []).every((i: Item) => Number(i.events) === 1);
  check(
    `zero loss: a burst of ${BURST} events was accepted and delivered to both analytics consumers, once each`,
    failed === 0 && ids.length === BURST && counted?.length === BURST && exact && !!delivered,
    `accepted ${ids.length}/${BURST}, counted ${counted?.length ?? 0}, analytics account got ` +
      `${delivered ? BURST : 'fewer'}; PutEvents(10) latency max ${Math.max(...latencies)} ms`,
  );
}

async function archiveAndReplay(ctx: BlueprintContext, c: Clients, run: Run, check: Check): Promise<void> {
  const a = arns(ctx);
  const archive = await c.events.send(new DescribeArchiveCommand({ ArchiveName: ARCHIVE }));
  check(
    'archive: every platform event is archived for 7 years (RetentionDays 2555)',
    archive.State === 'ENABLED' &&
      archive.RetentionDays === ARCHIVE_RETENTION_DAYS &&
      (archive.EventCount ?? 0) >= BURST + 6,
    `${archive.State}, ${archive.RetentionDays} days, ${archive.EventCount} events`,
  );
  const ruleArns = ctx.outputs.ruleArns as Record<string, string>;
  const consumers = RULES.filter((r) => r.target !== 'analytics-account').map((r) => ruleArns[r.name]!);
  const name = `ride-sharing-${run.id}`;
  await c.events.send(
    new StartReplayCommand({
      ReplayName: name,
      EventSourceArn: a.archive,
      EventStartTime: run.scenarioStart,
      EventEndTime: new Date(),
      Destination: { Arn: a.bus, FilterArns: consumers },
    }),
  );
  const replay = await poll(
    async () => {
      const r = await c.events.send(new DescribeReplayCommand({ ReplayName: name }));
      return r.State === 'COMPLETED' || r.State === 'FAILED' ? r : undefined;
    },
    300_000,
    1000,
  );
  // The consumers saw the replayed events once they count a second delivery of each key.
  const keys = [
    `payment#RideCompleted:${run.normal}`,
    `driver#RideRequested:${run.normal}`,
    `notification#DriverAssigned:${run.normal}`,
    `notification#PaymentProcessed:${run.normal}`,
    `analytics#RideRequested:${run.normal}`,
    `fraud#RideRequested:${run.risky}`,
  ];
  const redelivered = await poll(async () => {
    const ms = await Promise.all(keys.map((k) => marker(c, k)));
    return ms.every((m) => Number(m?.deliveries ?? 0) >= 2) ? ms : undefined;
  }, STEP_TIMEOUT_MS * 2);
  await run.outbox.drain(2);
  const charges = await payments(c, run.normal);
  const count = await counter(c, `ride#${run.normal}`);
  const notes = notificationsFor(run.outbox, run.normal).length;
  check(
    'replay: the archive replays the scenario; idempotent consumers neither charge, notify nor count twice',
    replay?.State === 'COMPLETED' &&
      !!redelivered &&
      charges.length === 1 &&
      Number(count?.events) === 4 &&
      notes === 2,
    `replay ${replay?.State ?? 'unfinished'}, redelivered ${redelivered ? 'to all consumers' : 'not to all consumers'}, ` +
      `${charges.length} charge(s), ${str(count?.events)} analytics events, ${notes} notifications`,
  );
}

async function poisonCheck(run: Run, check: Check): Promise<void> {
  const record = await run.failures.until(
    (seen) => seen.find((m) => (m.json.requestPayload as Item | undefined)?.id === run.poisonEventId),
    POISON_TIMEOUT_MS,
  );
  const rc = (record?.json.requestContext ?? {}) as Item;
  const response = (record?.json.responsePayload ?? {}) as Item;
  check(
    'poisoned event: an off-schema RideRequested fails the Driver service, is retried, then lands in its failure destination',
    !!record &&
      rc.condition === 'RetriesExhausted' &&
      rc.approximateInvokeCount === ASYNC_RETRIES + 1 &&
      str(rc.functionArn).includes(`:function:${functionName('driver')}`) &&
      response.errorType === 'SchemaValidationError',
    record
      ? `${str(rc.condition)} after ${str(rc.approximateInvokeCount)} attempts: ${str(response.errorType)}`
      : `no failure record for event ${run.poisonEventId}`,
  );
}

async function deadLetterCheck(ctx: BlueprintContext, c: Clients, run: Run, check: Check): Promise<void> {
  const a = arns(ctx);
  const ruleArns = ctx.outputs.ruleArns as Record<string, string>;
  const crossRule = ruleArns[RULES.find((r) => r.target === 'analytics-account')!.name];
  // The analytics account withdraws its bus permission: EventBridge cannot deliver and dead-letters the event.
  await c.analytics.events.send(
    new RemovePermissionCommand({ EventBusName: ANALYTICS_BUS, StatementId: ANALYTICS_PERMISSION_SID }),
  );
  let probeId = '';
  try {
    const out = await c.events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: BUS,
            Source: 'ride-sharing.ops',
            DetailType: 'DeliveryProbe',
            Detail: JSON.stringify({ probe: run.id }),
          },
        ],
      }),
    );
    probeId = out.Entries?.[0]?.EventId ?? '';
    const letter = await run.dlq.until((seen) => seen.find((m) => m.json.id === probeId), STEP_TIMEOUT_MS * 2);
    const attr = (k: string) => letter?.attributes[k]?.StringValue;
    check(
      "DLQ: an event the analytics account's bus refuses lands in the rule target's dead-letter queue with EventBridge's error attributes",
      !!letter &&
        attr('ERROR_CODE') === 'NO_PERMISSIONS' &&
        attr('RULE_ARN') === crossRule &&
        attr('TARGET_ARN') === a.analyticsBus,
      letter
        ? `ERROR_CODE ${attr('ERROR_CODE')}, RULE_ARN ${attr('RULE_ARN')}, RETRY_ATTEMPTS ${attr('RETRY_ATTEMPTS')}`
        : `event ${probeId} not in ${str(ctx.outputs.eventsDlqUrl)}`,
    );
  } finally {
    await c.analytics.events.send(
      new PutPermissionCommand({
        EventBusName: ANALYTICS_BUS,
        Action: 'events:PutEvents',
        Principal: ctx.accountId,
        StatementId: ANALYTICS_PERMISSION_SID,
      }),
    );
  }
}

async function driversFreed(c: Clients, check: Check): Promise<void> {
  const busy = async () => (await drivers(c)).filter((d) => d.status !== 'AVAILABLE');
  const freed = await poll(async () => ((await busy()).length === 0 ? true : undefined), STEP_TIMEOUT_MS);
  const still = freed ? [] : await busy();
  check(
    'drivers: the Driver service frees a driver when the ride completes (RideCompleted) or is cancelled (RideCancelled)',
    !!freed,
    freed
      ? `all ${DRIVERS.length} drivers AVAILABLE`
      : `still busy: ${still.map((d) => `${str(d.driverId)}@${str(d.activeRide)}`).join(', ')}`,
  );
}

export async function laterChecks(ctx: BlueprintContext, c: Clients, run: Run, check: Check): Promise<void> {
  await driversFreed(c, check);
  await analyticsChecks(ctx, c, run, check);
  await burstCheck(c, run, check);
  await archiveAndReplay(ctx, c, run, check);
  await poisonCheck(run, check);
  await deadLetterCheck(ctx, c, run, check);
}
