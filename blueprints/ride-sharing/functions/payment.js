// Payment service: charges each completed ride exactly once. The charge (one ledger row per payment id) and the
// idempotency record commit in one transaction, so a retried or replayed RideCompleted never charges twice.
const { randomUUID } = require('node:crypto');
const { env, publish, processOnce, requireValid } = require('./common');

const SOURCE = 'ride-sharing.payment';
// Above this amount the (simulated) card network declines.
const DECLINE_ABOVE = 5000;

exports.handler = async (event) => {
  const d = event.detail;
  requireValid(event['detail-type'], d, event.id);
  if (event['detail-type'] !== 'RideCompleted')
    throw new Error(`the Payment service does not handle ${event['detail-type']}`);
  const paymentId = `pay-${randomUUID()}`;
  const status = d.fare.amount > DECLINE_ABOVE ? 'DECLINED' : 'SUCCEEDED';
  const charge = {
    rideId: d.rideId,
    paymentId,
    riderId: d.riderId,
    amount: d.fare.amount,
    currency: d.fare.currency,
    method: d.paymentMethod,
    status,
    chargedAt: new Date().toISOString(),
  };
  return processOnce({
    consumer: 'payment',
    key: d.idempotencyKey,
    data: { paymentId, status },
    writes: [{ Put: { TableName: env.PAYMENTS_TABLE, Item: charge } }],
    then: (data) =>
      publish(SOURCE, 'PaymentProcessed', {
        idempotencyKey: `PaymentProcessed:${d.rideId}`,
        rideId: d.rideId,
        riderId: d.riderId,
        paymentId: data.paymentId,
        amount: d.fare.amount,
        currency: d.fare.currency,
        status: data.status,
      }),
  });
};
