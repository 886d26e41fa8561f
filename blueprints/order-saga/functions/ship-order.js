// ShipOrder: books a shipment unless the destination country is not served (SHIP_TO_COUNTRIES), which fails the
// task with ShippingUnavailable and starts the compensation (refund, then release).
const { UpdateCommand } = require('@aws-sdk/lib-dynamodb');
const { doc, logStep, namedError } = require('./common');

exports.handler = async (event) => {
  const orderId = event.orderId;
  const country = (event.shipping && event.shipping.country) || '';
  const served = (process.env.SHIP_TO_COUNTRIES || '').split(',');
  if (!served.includes(country)) {
    await logStep(orderId, 'ShipOrder:unavailable');
    throw namedError('ShippingUnavailable', `No carrier ships order ${orderId} to '${country}'`);
  }
  const trackingNumber = `TRK-${orderId}`;
  await doc.send(
    new UpdateCommand({
      TableName: process.env.ORDERS_TABLE,
      Key: { orderId },
      UpdateExpression: 'SET shipment = :s',
      ExpressionAttributeValues: { ':s': { trackingNumber, country, status: 'SHIPPED' } },
    }),
  );
  await logStep(orderId, 'ShipOrder');
  return { trackingNumber, carrier: 'atoll-post', status: 'SHIPPED' };
};
