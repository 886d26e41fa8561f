// Analytics service: counts every ride-sharing event per ride or driver. The counter and the idempotency record
// move together, so redeliveries and replays never count twice. (No global per-type counter: one hot item
// updated by every event would make concurrent transactions conflict.)
const { env, processOnce } = require('./common');

function increment(pk, type) {
  return {
    Update: {
      TableName: env.ANALYTICS_TABLE,
      Key: { pk },
      UpdateExpression: 'ADD events :one SET lastType = :type',
      ExpressionAttributeValues: { ':one': 1, ':type': type },
    },
  };
}

exports.handler = async (event) => {
  const type = String(event['detail-type']);
  const d = event.detail && typeof event.detail === 'object' ? event.detail : {};
  const entity = d.rideId ? `ride#${d.rideId}` : d.driverId ? `driver#${d.driverId}` : `unknown#${event.source}`;
  // Events from well-behaved producers carry an idempotency key; anything else is keyed by its event id.
  const key = typeof d.idempotencyKey === 'string' ? d.idempotencyKey : `event:${event.id}`;
  return processOnce({
    consumer: 'analytics',
    key,
    writes: [increment(`entity#${entity}`, type)],
  });
};
