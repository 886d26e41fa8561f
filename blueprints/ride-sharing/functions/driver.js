// Driver service: matches the nearest available driver to each RideRequested (and rejects events that violate the
// schema: they fail, are retried by Lambda's asynchronous invocation and end in the failure destination), and
// frees the driver when the ride completes or is cancelled.
const { GetCommand, ScanCommand, UpdateCommand } = require('@aws-sdk/lib-dynamodb');
const { ddb, env, publish, processOnce, requireValid } = require('./common');

const SOURCE = 'ride-sharing.driver';

exports.handler = async (event) => {
  const type = event['detail-type'];
  requireValid(type, event.detail, event.id);
  if (type === 'RideRequested') return assign(event.detail);
  if (type === 'RideCompleted') return release(event.detail.rideId, event.detail.driverId);
  if (type === 'RideCancelled') return cancel(event.detail);
  throw new Error(`the Driver service does not handle ${type}`);
};

const tombstone = (rideId) => `driver-cancelled#${rideId}`;

async function cancelled(rideId) {
  const key = { pk: tombstone(rideId) };
  return !!(await ddb.send(new GetCommand({ TableName: env.IDEMPOTENCY_TABLE, Key: key, ConsistentRead: true }))).Item;
}

function distanceKm(a, b) {
  const rad = Math.PI / 180;
  const x = (b.lng - a.lng) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6371;
}

async function assign(ride) {
  const { Items = [] } = await ddb.send(
    new ScanCommand({
      TableName: env.DRIVERS_TABLE,
      FilterExpression: '#s = :available',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':available': 'AVAILABLE' },
      ConsistentRead: true,
    }),
  );
  const candidates = Items.sort((a, b) => distanceKm(ride.pickup, a) - distanceKm(ride.pickup, b));
  for (const driver of candidates) {
    if (await cancelled(ride.rideId)) return 'cancelled';
    const etaMinutes = Math.max(1, Math.ceil(distanceKm(ride.pickup, driver) / 0.5));
    const assigned = {
      idempotencyKey: `DriverAssigned:${ride.rideId}`,
      rideId: ride.rideId,
      riderId: ride.riderId,
      driverId: driver.driverId,
      etaMinutes,
    };
    // The driver's claim, the idempotency record and "not cancelled meanwhile" commit together.
    const outcome = await processOnce({
      consumer: 'driver',
      key: ride.idempotencyKey,
      data: { driverId: driver.driverId, etaMinutes },
      writes: [
        {
          Update: {
            TableName: env.DRIVERS_TABLE,
            Key: { driverId: driver.driverId },
            UpdateExpression: 'SET #s = :busy, activeRide = :ride',
            ConditionExpression: '#s = :available',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':busy': 'ON_TRIP', ':ride': ride.rideId, ':available': 'AVAILABLE' },
          },
        },
        {
          ConditionCheck: {
            TableName: env.IDEMPOTENCY_TABLE,
            Key: { pk: tombstone(ride.rideId) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      then: (data) => publish(SOURCE, 'DriverAssigned', { ...assigned, ...data }),
    });
    if (outcome !== 'stale') return outcome;
  }
  if (await cancelled(ride.rideId)) return 'cancelled';
  // Thrown, so Lambda retries the event later (and, once retries run out, sends it to the failure destination).
  const err = new Error(`no driver available for ${ride.rideId}`);
  err.name = 'NoDriverAvailable';
  throw err;
}

async function release(rideId, driverId) {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: env.DRIVERS_TABLE,
        Key: { driverId },
        UpdateExpression: 'SET #s = :available REMOVE activeRide',
        ConditionExpression: 'activeRide = :ride',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':available': 'AVAILABLE', ':ride': rideId },
      }),
    );
    return 'released';
  } catch (err) {
    if (err.name === 'ConditionalCheckFailedException') return 'not-on-this-ride';
    throw err;
  }
}

async function cancel(detail) {
  // The tombstone stops a later assignment; an assignment made before it is undone here.
  await processOnce({
    consumer: 'driver',
    key: detail.idempotencyKey,
    writes: [{ Put: { TableName: env.IDEMPOTENCY_TABLE, Item: { pk: tombstone(detail.rideId), at: Date.now() } } }],
  });
  const key = { pk: `driver#RideRequested:${detail.rideId}` };
  const { Item } = await ddb.send(new GetCommand({ TableName: env.IDEMPOTENCY_TABLE, Key: key, ConsistentRead: true }));
  return Item && Item.data ? release(detail.rideId, Item.data.driverId) : 'no-driver';
}
