// The "physical ceiling": a bare node:http server that reads each request body and answers one fixed 200 JSON body.
// Any SQS emulator built on node:http pays at least this much per request. The body is shaped so every scenario's
// client logic works unchanged (CreateQueue reads QueueUrl, ReceiveMessage reads Messages[0].ReceiptHandle).
// Usage: node bench/bare-server.mjs <port>; prints "ready" once listening.
import http from 'node:http';

const body = Buffer.from(
  JSON.stringify({
    QueueUrl: 'http://127.0.0.1/000000000000/bench',
    MessageId: '5fea7756-0ea4-451a-a703-a558b933e274',
    MD5OfMessageBody: 'fafb00f5732ab283681e124bf8747ed1',
    Messages: [
      { MessageId: '5fea7756', ReceiptHandle: 'rh-0', Body: 'b', MD5OfBody: '92eb5ffee6ae2fec3ad71c777531578f' },
    ],
    Successful: [],
    Failed: [],
  }),
);

const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready'));
