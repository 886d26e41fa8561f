// Fraud service: scores the ride requests its rule lets through (large fares, prepaid cards: the event pattern
// does the pre-filtering) and raises FraudDetected for risky ones. Each screening is stored once per ride.
const { env, publish, processOnce, requireValid } = require('./common');

const SOURCE = 'ride-sharing.fraud';
const ALERT_AT = 70;

function score(ride) {
  const reasons = [];
  let points = 0;
  if (ride.fare.amount >= 300) {
    points += 50;
    reasons.push('fare above 300');
  }
  if (ride.paymentMethod === 'prepaid_card') {
    points += 30;
    reasons.push('prepaid card');
  }
  if (ride.riderAccountAgeDays !== undefined && ride.riderAccountAgeDays < 2) {
    points += 30;
    reasons.push('new rider account');
  }
  return { points: Math.min(100, points), reasons };
}

exports.handler = async (event) => {
  const ride = event.detail;
  requireValid(event['detail-type'], ride, event.id);
  const { points, reasons } = score(ride);
  const decision = points >= ALERT_AT ? 'FRAUD_SUSPECTED' : 'CLEARED';
  const screening = {
    rideId: ride.rideId,
    riderId: ride.riderId,
    score: points,
    reasons,
    decision,
    screenedAt: new Date().toISOString(),
  };
  return processOnce({
    consumer: 'fraud',
    key: ride.idempotencyKey,
    writes: [{ Put: { TableName: env.FRAUD_TABLE, Item: screening } }],
    then:
      decision === 'FRAUD_SUSPECTED'
        ? () =>
            publish(SOURCE, 'FraudDetected', {
              idempotencyKey: `FraudDetected:${ride.rideId}`,
              rideId: ride.rideId,
              riderId: ride.riderId,
              score: points,
              reasons,
            })
        : undefined,
  });
};
