// Notification service: tells riders their driver is coming and sends receipts, and alerts the risk team, through
// the notifications SNS topic (message attributes let subscribers filter). One message per event key.
const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');
const { env, processOnce, requireValid } = require('./common');

const sns = new SNSClient({});

function message(type, d) {
  if (type === 'DriverAssigned') {
    return { to: d.riderId, kind: 'driver-assigned', text: `Driver ${d.driverId} arrives in ${d.etaMinutes} min` };
  }
  if (type === 'PaymentProcessed') {
    return { to: d.riderId, kind: 'receipt', text: `Charged ${d.amount} ${d.currency} (${d.paymentId})` };
  }
  if (type === 'FraudDetected') {
    return {
      to: 'risk-team',
      kind: 'fraud-alert',
      text: `Ride ${d.rideId} scored ${d.score}: ${d.reasons.join(', ')}`,
    };
  }
  throw new Error(`the Notification service does not handle ${type}`);
}

exports.handler = async (event) => {
  const type = event['detail-type'];
  const d = event.detail;
  requireValid(type, d, event.id);
  const m = message(type, d);
  return processOnce({
    consumer: 'notification',
    key: d.idempotencyKey,
    then: () =>
      sns.send(
        new PublishCommand({
          TopicArn: env.NOTIFICATIONS_TOPIC_ARN,
          Subject: `ride-sharing ${m.kind}`,
          Message: JSON.stringify({ ...m, rideId: d.rideId, idempotencyKey: d.idempotencyKey }),
          MessageAttributes: {
            kind: { DataType: 'String', StringValue: m.kind },
            rideId: { DataType: 'String', StringValue: d.rideId },
          },
        }),
      ),
  });
};
