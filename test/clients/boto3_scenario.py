"""Drives atoll with boto3: queue lifecycle, messages with attributes (MD5s checked here too), batches, errors.

Usage: boto3_scenario.py ENDPOINT QUEUE_NAME
Prints one line per step and `SCENARIO OK` at the end; exits non-zero at the first failure.
"""

import hashlib
import struct
import sys

import boto3
from botocore.exceptions import ClientError


def md5_of_attributes(attrs):
    buf = b""
    for name in sorted(attrs):
        value = attrs[name]
        data_type = value["DataType"]
        for part in (name.encode(), data_type.encode()):
            buf += struct.pack(">I", len(part)) + part
        if "BinaryValue" in value:
            raw = value["BinaryValue"]
            buf += b"\x02" + struct.pack(">I", len(raw)) + raw
        else:
            raw = value["StringValue"].encode()
            buf += b"\x01" + struct.pack(">I", len(raw)) + raw
    return hashlib.md5(buf).hexdigest()


def check(cond, what):
    if not cond:
        print(f"FAIL {what}", file=sys.stderr)
        sys.exit(1)


def main():
    endpoint, name = sys.argv[1], sys.argv[2]
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1")

    url = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "45"})["QueueUrl"]
    check(url == f"{endpoint}/000000000000/{name}", f"create_queue returned {url}")
    print("QUEUE_URL", url)
    check(sqs.get_queue_url(QueueName=name)["QueueUrl"] == url, "get_queue_url")
    print("GET_QUEUE_URL", url)

    body = "hello from boto3 — ünïcödé"
    attrs = {
        "color": {"DataType": "String", "StringValue": "blue"},
        "count": {"DataType": "Number", "StringValue": "42"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xfe\xff"},
    }
    sent = sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes=attrs)
    check(sent["MD5OfMessageBody"] == hashlib.md5(body.encode()).hexdigest(), "MD5OfMessageBody")
    check(sent["MD5OfMessageAttributes"] == md5_of_attributes(attrs), "MD5OfMessageAttributes on send")
    print("SENT", sent["MessageId"])

    got = sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=2, AttributeNames=["All"], MessageAttributeNames=["All"]
    )["Messages"]
    check(len(got) == 1, f"received {len(got)} messages")
    msg = got[0]
    check(msg["MessageId"] == sent["MessageId"], "MessageId")
    check(msg["Body"] == body, f"Body {msg['Body']!r}")
    check(msg["MD5OfMessageAttributes"] == md5_of_attributes(attrs), "MD5OfMessageAttributes on receive")
    check(msg["MessageAttributes"] == attrs, f"MessageAttributes {msg['MessageAttributes']!r}")
    check(msg["Attributes"]["ApproximateReceiveCount"] == "1", "ApproximateReceiveCount")
    print("RECEIVED", msg["Body"])

    sqs.delete_message(QueueUrl=url, ReceiptHandle=msg["ReceiptHandle"])
    print("DELETED")

    batch = sqs.send_message_batch(
        QueueUrl=url, Entries=[{"Id": f"e{i}", "MessageBody": f"batch {i}"} for i in range(3)]
    )
    check(len(batch.get("Successful", [])) == 3 and not batch.get("Failed"), f"send_message_batch {batch!r}")
    handles = []
    for _ in range(10):
        if len(handles) == 3:
            break
        res = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        handles += [m["ReceiptHandle"] for m in res.get("Messages", [])]
    check(len(handles) == 3, f"received {len(handles)} of 3 batch messages")
    deleted = sqs.delete_message_batch(
        QueueUrl=url, Entries=[{"Id": f"d{i}", "ReceiptHandle": h} for i, h in enumerate(handles)]
    )
    check(len(deleted.get("Successful", [])) == 3, f"delete_message_batch {deleted!r}")
    print("BATCH_OK")

    a = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    check(a["VisibilityTimeout"] == "45", "VisibilityTimeout")
    check(a["ApproximateNumberOfMessages"] == "0", "ApproximateNumberOfMessages")
    check(a["ApproximateNumberOfMessagesNotVisible"] == "0", "ApproximateNumberOfMessagesNotVisible")
    print("ATTRIBUTES", a["VisibilityTimeout"], a["ApproximateNumberOfMessages"], a["ApproximateNumberOfMessagesNotVisible"])

    try:
        sqs.get_queue_url(QueueName=name + "-missing")
        check(False, "get_queue_url of a missing queue succeeded")
    except ClientError as e:
        code = e.response["Error"]["Code"]
        check(code == "AWS.SimpleQueueService.NonExistentQueue", f"error code {code}")
        check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, "error status")
        print("ERROR_OK", code)

    print("SCENARIO OK")


if __name__ == "__main__":
    main()
