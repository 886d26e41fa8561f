// RefundPayment (compensating transaction): CHARGED -> REFUNDED, only from CHARGED, so a repeated refund
// cannot refund twice.
const { UpdateCommand } = require('@aws-sdk/lib-dynamodb');
const { doc, logStep } = require('./common');

exports.handler = async (event) => {
  const orderId = event.orderId;
  try {
    await doc.send(
      new UpdateCommand({
        TableName: process.env.PAYMENTS_TABLE,
        Key: { orderId },
        UpdateExpression: 'SET #s = :refunded',
        ConditionExpression: '#s = :charged',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':refunded': 'REFUNDED', ':charged': 'CHARGED' },
      }),
    );
  } catch (e) {
    if (e.name !== 'ConditionalCheckFailedException') throw e;
  }
  await logStep(orderId, 'RefundPayment');
  const paymentResult = event.paymentResult || {};
  return { paymentId: paymentResult.paymentId, status: 'REFUNDED' };
};
