// ReserveInventory: the seed's conditional update per item (`available >= :qty`), failing the task with
// "Insufficient inventory for <productId>" when stock is short.
const { UpdateCommand } = require('@aws-sdk/lib-dynamodb');
const { randomUUID } = require('node:crypto');
const { doc, logStep, namedError } = require('./common');

const table = process.env.INVENTORY_TABLE;

exports.handler = async (event) => {
  const orderId = event.orderId;
  const items = event.items;

  // Flaky mode (verify's retry scenario): the first N attempts fail with an error named
  // Lambda.ServiceException before touching inventory, as a Lambda service fault would. The attempt
  // counter lives in the orders table so it survives across invocations.
  const flaky = (event.simulate && event.simulate.reserveServiceErrors) || 0;
  const counted = await doc.send(
    new UpdateCommand({
      TableName: process.env.ORDERS_TABLE,
      Key: { orderId },
      UpdateExpression: 'ADD reserveAttempts :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const attempt = counted.Attributes.reserveAttempts;
  if (attempt <= flaky) {
    throw namedError('Lambda.ServiceException', `simulated Lambda service fault (attempt ${attempt} of ${flaky})`);
  }

  const reserved = [];
  for (const item of items) {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { productId: item.productId },
          UpdateExpression: 'SET reserved = reserved + :qty, available = available - :qty',
          ConditionExpression: 'available >= :qty',
          ExpressionAttributeValues: { ':qty': item.quantity },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      reserved.push(item);
    } catch (e) {
      if (e.name === 'ConditionalCheckFailedException') {
        // Unlike the seed, give back what this invocation already reserved: the ASL's Catch on this state goes
        // straight to OrderFailed, so nothing else would release a partial reservation.
        for (const r of reserved) {
          await doc.send(
            new UpdateCommand({
              TableName: table,
              Key: { productId: r.productId },
              UpdateExpression: 'SET reserved = reserved - :qty, available = available + :qty',
              ExpressionAttributeValues: { ':qty': r.quantity },
            }),
          );
        }
        throw new Error(`Insufficient inventory for ${item.productId}`);
      }
      throw e;
    }
  }
  await logStep(orderId, 'ReserveInventory');
  return { orderId, reservationId: randomUUID(), status: 'RESERVED', items };
};
