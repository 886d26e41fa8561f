// ProcessPayment: charges the order once (a conditional put keyed by orderId, the seed's idempotency pattern);
// amounts above PAYMENT_LIMIT are declined, which fails the task with PaymentDeclined.
const { GetCommand, PutCommand } = require('@aws-sdk/lib-dynamodb');
const { doc, logStep, namedError } = require('./common');

const table = process.env.PAYMENTS_TABLE;

exports.handler = async (event) => {
  const orderId = event.orderId;
  const amount = Number(event.payment && event.payment.amount);
  const limit = Number(process.env.PAYMENT_LIMIT);
  if (!(amount > 0) || amount > limit) {
    await doc.send(new PutCommand({ TableName: table, Item: { orderId, amount, status: 'DECLINED' } }));
    await logStep(orderId, 'ProcessPayment:declined');
    throw namedError('PaymentDeclined', `Payment of ${amount} for order ${orderId} declined (limit ${limit})`);
  }
  const paymentId = `pay-${orderId}`;
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { orderId, paymentId, amount, status: 'CHARGED' },
        ConditionExpression: 'attribute_not_exists(orderId)',
      }),
    );
  } catch (e) {
    if (e.name !== 'ConditionalCheckFailedException') throw e;
    // Already charged by an earlier attempt: answer the same result (exactly-once effect).
    const existing = await doc.send(new GetCommand({ TableName: table, Key: { orderId } }));
    if (!existing.Item || existing.Item.status !== 'CHARGED') throw e;
  }
  await logStep(orderId, 'ProcessPayment');
  return { paymentId, amount, status: 'CHARGED' };
};
