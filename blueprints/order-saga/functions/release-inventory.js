// ReleaseInventory (compensating transaction): the seed's inverse update for the items ReserveInventory
// reported in $.inventoryResult.
const { UpdateCommand } = require('@aws-sdk/lib-dynamodb');
const { doc, logStep } = require('./common');

exports.handler = async (event) => {
  const inventoryResult = event.inventoryResult || {};
  const items = inventoryResult.items || [];
  for (const item of items) {
    await doc.send(
      new UpdateCommand({
        TableName: process.env.INVENTORY_TABLE,
        Key: { productId: item.productId },
        UpdateExpression: 'SET reserved = reserved - :qty, available = available + :qty',
        ExpressionAttributeValues: { ':qty': item.quantity },
      }),
    );
  }
  await logStep(event.orderId, 'ReleaseInventory');
  return { status: 'RELEASED', items };
};
