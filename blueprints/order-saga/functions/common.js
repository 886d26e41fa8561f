// Shared by the five saga functions (zipped beside each handler): the DynamoDB document client and the
// per-order step log that lets verify read, from DynamoDB, the order in which the saga's steps ran.
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, UpdateCommand } = require('@aws-sdk/lib-dynamodb');

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** Appends `step` to the order's step log in the orders table. */
async function logStep(orderId, step) {
  await doc.send(
    new UpdateCommand({
      TableName: process.env.ORDERS_TABLE,
      Key: { orderId },
      UpdateExpression: 'SET steps = list_append(if_not_exists(steps, :empty), :step)',
      ExpressionAttributeValues: { ':empty': [], ':step': [step] },
    }),
  );
}

/** An error whose `name` becomes the Lambda payload's errorType, hence the Step Functions error name. */
function namedError(name, message) {
  const e = new Error(message);
  e.name = name;
  return e;
}

module.exports = { doc, logStep, namedError };
