// verify: drives the ride-sharing scenario end to end and checks each outcome the seed asks for.
// Order: the poisoned event goes first (its Lambda retries take longest), then schema validation, the happy path
// (request -> driver assigned -> completion -> payment -> notifications), the fraud signal, analytics in both
// accounts, a burst for zero loss, the archive and a replay (idempotent consumers), and an undeliverable event.
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { BlueprintContext, CheckResult } from '../../src/blueprints/types.js';
import { clients, sleep } from './clients.js';
import { Collector, rideApi, waitRide } from './probes.js';
import { laterChecks } from './verify-later.js';
import { schemaRegistryChecks } from './schema-registry.js';
import { TABLES } from './names.js';
import { getItem, payments, type Item, type Received } from './probes.js';

/** Lambda retries asynchronous events after 1 minute (atoll: ATOLL_LAMBDA_ASYNC_RETRY_BASE_MS). */
export const POISON_TIMEOUT_MS = 200_000;
const STEP_TIMEOUT_MS = 30_000;

export interface Run {
  id: string;
  normal: string;
  risky: string;
  poisonEventId: string;
  scenarioStart: Date;
  outbox: Collector;
  analytics: Collector;
  failures: Collector;
  dlq: Collector;
}

export type Check = (name: string, ok: boolean, detail?: string) => void;

export const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
export const detailOf = (r: Received) => (r.json.detail ?? {}) as Item;

export function notificationsFor(outbox: Collector, rideId: string): Item[] {
  return outbox.seen.map((m) => m.json).filter((m) => m.rideId === rideId);
}

export async function verify(ctx: BlueprintContext): Promise<CheckResult[]> {
  const c = clients(ctx);
  const out = ctx.outputs;
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const checks: CheckResult[] = [];
  const check: Check = (name, ok, detail) => {
    checks.push({ name, ok, ...(detail ? { detail } : {}) });
    ctx.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  };

  // A buggy producer bypasses the Ride service and puts an off-schema RideRequested straight on the bus.
  const poison = await c.events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: 'ride-sharing-bus',
          Source: 'ride-sharing.ride',
          DetailType: 'RideRequested',
          Detail: JSON.stringify({
            rideId: `ride-${id}-poison`,
            riderId: 'rider-bug',
            pickup: 'Times Square',
            fare: 'free',
          }),
        },
      ],
    }),
  );
  // Replays select by event time: keep the poisoned event out of the replayed window.
  await sleep(1100);
  const run: Run = {
    id,
    normal: `ride-${id}-a`,
    risky: `ride-${id}-f`,
    poisonEventId: poison.Entries?.[0]?.EventId ?? '',
    scenarioStart: new Date(),
    outbox: new Collector(c.sqs, String(out.outboxUrl)),
    analytics: new Collector(c.analytics.sqs, String(out.analyticsQueueUrl)),
    failures: new Collector(c.sqs, String(out.consumerFailuresUrl)),
    dlq: new Collector(c.sqs, String(out.eventsDlqUrl)),
  };

  // Producer-side schema validation.
  const bad = await rideApi(c, {
    action: 'requestRide',
    ride: {
      rideId: `ride-${id}-bad`,
      riderId: 'rider-ana',
      pickup: { lat: 40.75, lng: -73.99 },
      fare: { amount: -3, currency: 'usd' },
      paymentMethod: 'cash',
    },
  });
  const badStored = await getItem(c, TABLES.rides.name, { rideId: `ride-${id}-bad` });
  check(
    'schema: the Ride service rejects a RideRequested that violates its JSON Schema (nothing stored or published)',
    bad.statusCode === 400 && bad.body.error === 'SchemaValidationError' && !badStored,
    `status ${bad.statusCode}: ${str(bad.body.message)}`,
  );

  const pickup = { lat: 40.7549, lng: -73.984 };
  const dropoff = { lat: 40.7306, lng: -73.9866 };
  const normal = await rideApi(c, {
    action: 'requestRide',
    ride: {
      rideId: run.normal,
      riderId: 'rider-ana',
      pickup,
      dropoff,
      fare: { amount: 23.5, currency: 'USD' },
      paymentMethod: 'card',
      riderAccountAgeDays: 412,
    },
  });
  const risky = await rideApi(c, {
    action: 'requestRide',
    ride: {
      rideId: run.risky,
      riderId: 'rider-zed',
      pickup,
      dropoff,
      fare: { amount: 450, currency: 'USD' },
      paymentMethod: 'prepaid_card',
      riderAccountAgeDays: 0,
    },
  });
  if (normal.statusCode !== 202 || risky.statusCode !== 202) {
    check('ride requests accepted', false, `normal ${str(normal)}, risky ${str(risky)}`);
    return checks;
  }

  // Request -> driver assigned.
  const assigned = await waitRide(c, run.normal, (r) => r.status === 'ASSIGNED', STEP_TIMEOUT_MS);
  const driver = assigned?.driverId
    ? await getItem(c, TABLES.drivers.name, { driverId: str(assigned.driverId) })
    : undefined;
  check(
    'ride requested -> Driver service assigned the nearest available driver (DriverAssigned -> Ride service)',
    assigned?.status === 'ASSIGNED' && driver?.activeRide === run.normal && driver?.status === 'ON_TRIP',
    `ride ${str(assigned?.status)}, driver ${str(assigned?.driverId)} ${str(driver?.status)}`,
  );

  // Completion -> payment.
  const completed = await rideApi(c, { action: 'completeRide', rideId: run.normal });
  const paid = await waitRide(c, run.normal, (r) => r.status === 'PAID', STEP_TIMEOUT_MS);
  const charges = await payments(c, run.normal);
  check(
    'ride completed -> Payment service charged the fare once (PaymentProcessed -> ride PAID)',
    completed.statusCode === 200 && paid?.status === 'PAID' && charges.length === 1 && charges[0]?.amount === 23.5,
    `ride ${str(paid?.status)}, ${charges.length} charge(s) ${charges.map((p) => `${str(p.amount)} ${str(p.status)}`).join(', ')}`,
  );

  // Notifications through SNS.
  const kinds = (rideId: string) => notificationsFor(run.outbox, rideId).map((m) => str(m.kind));
  await run.outbox.until(
    (seen) => (seen.filter((m) => m.json.rideId === run.normal).length >= 2 ? true : undefined),
    STEP_TIMEOUT_MS,
  );
  const normalKinds = kinds(run.normal).sort();
  check(
    'notifications: the rider got "driver assigned" and a receipt through the SNS topic',
    normalKinds.join(',') === 'driver-assigned,receipt',
    `received: ${normalKinds.join(', ') || 'none'}`,
  );

  // The fraud signal.
  const cancelled = await waitRide(c, run.risky, (r) => r.status === 'CANCELLED', STEP_TIMEOUT_MS);
  const screening = await getItem(c, TABLES.fraud.name, { rideId: run.risky });
  const alert = await run.outbox.until(
    (seen) => seen.find((m) => m.json.rideId === run.risky && m.json.kind === 'fraud-alert'),
    STEP_TIMEOUT_MS,
  );
  check(
    'fraud signal: a risky ride is scored, FraudDetected cancels it and alerts the risk team',
    screening?.decision === 'FRAUD_SUSPECTED' &&
      cancelled?.status === 'CANCELLED' &&
      cancelled.flagged === true &&
      !!alert,
    `score ${str(screening?.score)} (${str(screening?.reasons)}), ride ${str(cancelled?.status)}, alert ${alert ? 'sent' : 'missing'}`,
  );
  const unscreened = await getItem(c, TABLES.fraud.name, { rideId: run.normal });
  check(
    'event patterns: the fraud rule ($or of numeric/exact/numeric filters) did not send the ordinary ride to the Fraud service',
    !unscreened,
    unscreened ? `normal ride was screened: ${str(unscreened)}` : 'not screened',
  );

  await laterChecks(ctx, c, run, check);
  await schemaRegistryChecks(ctx, run, check);
  return checks;
}
