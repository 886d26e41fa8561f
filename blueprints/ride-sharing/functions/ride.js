// Ride service: the riders' API (requestRide, completeRide, invoked synchronously) and the owner of ride state.
// It validates what it publishes against the event schemas and follows the other services' events
// (DriverAssigned, PaymentProcessed, FraudDetected) to move each ride through its states.
const { GetCommand } = require('@aws-sdk/lib-dynamodb');
const { ddb, env, publish, processOnce, requireValid, SchemaValidationError } = require('./common');

const SOURCE = 'ride-sharing.ride';

exports.handler = async (event) => {
  if (event['detail-type']) return onEvent(event);
  if (event.action === 'requestRide') return requestRide(event.ride || {});
  if (event.action === 'completeRide') return completeRide(event.rideId);
  return reply(400, { error: 'BadRequest', message: `unknown action '${event.action}'` });
};

function reply(statusCode, body) {
  return { statusCode, body };
}

async function requestRide(input) {
  const detail = { idempotencyKey: `RideRequested:${input.rideId}`, ...input };
  try {
    requireValid('RideRequested', detail);
  } catch (err) {
    if (err instanceof SchemaValidationError) return reply(400, { error: err.name, message: err.message });
    throw err;
  }
  const ride = {
    rideId: detail.rideId,
    riderId: detail.riderId,
    status: 'REQUESTED',
    pickup: detail.pickup,
    dropoff: detail.dropoff,
    fare: detail.fare,
    paymentMethod: detail.paymentMethod,
    requestedAt: new Date().toISOString(),
  };
  const outcome = await processOnce({
    consumer: 'ride',
    key: detail.idempotencyKey,
    writes: [{ Put: { TableName: env.RIDES_TABLE, Item: ride, ConditionExpression: 'attribute_not_exists(rideId)' } }],
    then: () => publish(SOURCE, 'RideRequested', detail),
  });
  if (outcome === 'stale') return reply(409, { error: 'Conflict', message: `ride ${detail.rideId} already exists` });
  return reply(202, { rideId: detail.rideId, status: 'REQUESTED', duplicate: outcome === 'duplicate' });
}

async function completeRide(rideId) {
  const { Item: ride } = await ddb.send(
    new GetCommand({ TableName: env.RIDES_TABLE, Key: { rideId: String(rideId) } }),
  );
  if (!ride) return reply(404, { error: 'NotFound', message: `no ride ${rideId}` });
  const detail = {
    idempotencyKey: `RideCompleted:${rideId}`,
    rideId,
    riderId: ride.riderId,
    driverId: ride.driverId || '',
    fare: ride.fare,
    paymentMethod: ride.paymentMethod,
  };
  const outcome = await processOnce({
    consumer: 'ride',
    key: detail.idempotencyKey,
    writes: [update(rideId, 'SET #s = :done, completedAt = :now', ['ASSIGNED'], { ':done': 'COMPLETED' })],
    then: () => publish(SOURCE, 'RideCompleted', detail),
  });
  if (outcome === 'stale') return reply(409, { error: 'Conflict', message: `ride ${rideId} is ${ride.status}` });
  return reply(200, { rideId, status: 'COMPLETED' });
}

/** A conditional update of one ride, applied only from the listed states (the ride's state machine). */
function update(rideId, expression, fromStates, values) {
  const from = fromStates.map((_, i) => `:from${i}`);
  const fromValues = Object.fromEntries(fromStates.map((s, i) => [`:from${i}`, s]));
  return {
    Update: {
      TableName: env.RIDES_TABLE,
      Key: { rideId },
      UpdateExpression: expression,
      ConditionExpression: `#s IN (${from.join(', ')})`,
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ...values,
        ...fromValues,
        ...(expression.includes(':now') ? { ':now': new Date().toISOString() } : {}),
      },
    },
  };
}

async function onEvent(event) {
  const type = event['detail-type'];
  const d = event.detail;
  requireValid(type, d, event.id);
  const key = d.idempotencyKey;
  if (type === 'DriverAssigned') {
    const set = 'SET #s = :s, driverId = :driver, etaMinutes = :eta, assignedAt = :now';
    const values = { ':s': 'ASSIGNED', ':driver': d.driverId, ':eta': d.etaMinutes };
    return processOnce({ consumer: 'ride', key, writes: [update(d.rideId, set, ['REQUESTED'], values)] });
  }
  if (type === 'PaymentProcessed') {
    const values = { ':s': d.status === 'SUCCEEDED' ? 'PAID' : 'PAYMENT_DECLINED', ':p': d.paymentId };
    const writes = [update(d.rideId, 'SET #s = :s, paymentId = :p, paidAt = :now', ['COMPLETED'], values)];
    return processOnce({ consumer: 'ride', key, writes });
  }
  if (type === 'FraudDetected') {
    // A risky ride that has not finished is cancelled; the Driver service frees its driver on RideCancelled.
    const set = 'SET #s = :s, flagged = :t, fraudScore = :score, cancelReason = :why, cancelledAt = :now';
    const values = { ':s': 'CANCELLED', ':t': true, ':score': d.score, ':why': 'fraud' };
    const cancelled = {
      idempotencyKey: `RideCancelled:${d.rideId}`,
      rideId: d.rideId,
      riderId: d.riderId,
      reason: 'fraud',
    };
    return processOnce({
      consumer: 'ride',
      key,
      writes: [update(d.rideId, set, ['REQUESTED', 'ASSIGNED'], values)],
      then: () => publish(SOURCE, 'RideCancelled', cancelled),
    });
  }
  throw new Error(`the Ride service does not handle ${type}`);
}
