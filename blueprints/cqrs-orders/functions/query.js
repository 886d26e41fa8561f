// The query API over the read models: GetOrder (order summary), ListCustomerOrders (per-customer list), and
// Rehydrate, which rebuilds one aggregate from the event store twice (from its latest snapshot plus later events,
// and from the whole log) so the snapshots can be checked against the log.
const { GetCommand } = require('@aws-sdk/lib-dynamodb');
const { DomainError } = require('./domain');
const { doc, queryAll, load, respond, request, failure } = require('./eventstore');

const SUMMARY = process.env.SUMMARY_TABLE;
const CUSTOMERS = process.env.CUSTOMER_ORDERS_TABLE;

const required = (q, field) => {
  if (typeof q[field] !== 'string' || q[field] === '') {
    throw new DomainError(400, 'ValidationError', `${field} is required`);
  }
  return q[field];
};

exports.handler = async (event) => {
  try {
    const q = request(event);
    switch (q.type) {
      case 'GetOrder': {
        const orderId = required(q, 'orderId');
        const got = await doc.send(new GetCommand({ TableName: SUMMARY, Key: { orderId } }));
        if (!got.Item) throw new DomainError(404, 'OrderNotFound', `order ${orderId} is not in the read model`);
        return respond(200, got.Item);
      }
      case 'ListCustomerOrders': {
        const customerId = required(q, 'customerId');
        const orders = await queryAll({
          TableName: CUSTOMERS,
          KeyConditionExpression: 'customerId = :c',
          ExpressionAttributeValues: { ':c': customerId },
        });
        return respond(200, { customerId, orders });
      }
      case 'Rehydrate': {
        const orderId = required(q, 'orderId');
        const [fromSnapshot, fromLog] = await Promise.all([load(orderId, true), load(orderId, false)]);
        if (!fromLog.state) throw new DomainError(404, 'OrderNotFound', `order ${orderId} has no events`);
        return respond(200, { orderId, fromSnapshot, fromLog });
      }
      default:
        throw new DomainError(400, 'ValidationError', `unknown query type ${JSON.stringify(q.type)}`);
    }
  } catch (e) {
    return failure(e);
  }
};
