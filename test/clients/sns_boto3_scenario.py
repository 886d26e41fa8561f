"""Drives atoll's SNS with boto3: topic, SQS subscription, publish with attributes (raw and enveloped), batch, errors.

Usage: sns_boto3_scenario.py ENDPOINT NAME
Prints one line per step and `SCENARIO OK` at the end; exits non-zero at the first failure.
"""

import json
import sys
import time

import boto3
from botocore.exceptions import ClientError


def check(cond, what):
    if not cond:
        print(f"FAIL {what}", file=sys.stderr)
        sys.exit(1)


def receive(sqs, url, count):
    got = []
    deadline = time.time() + 10
    while len(got) < count and time.time() < deadline:
        res = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1, MessageAttributeNames=["All"])
        got.extend(res.get("Messages", []))
    return got


def main():
    endpoint, name = sys.argv[1], sys.argv[2]
    sns = boto3.client("sns", endpoint_url=endpoint, region_name="us-east-1")
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1")

    topic = sns.create_topic(Name=name, Attributes={"DisplayName": "boto3"}, Tags=[{"Key": "k", "Value": "v"}])["TopicArn"]
    check(topic == f"arn:aws:sns:us-east-1:000000000000:{name}", f"create_topic returned {topic}")
    attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    check(attrs["DisplayName"] == "boto3", f"attributes {attrs}")
    print("TOPIC", topic)

    raw_url = sqs.create_queue(QueueName=f"{name}-raw")["QueueUrl"]
    env_url = sqs.create_queue(QueueName=f"{name}-env")["QueueUrl"]
    raw_arn = sqs.get_queue_attributes(QueueUrl=raw_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    env_arn = sqs.get_queue_attributes(QueueUrl=env_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sub = sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=raw_arn, Attributes={"RawMessageDelivery": "true"}, ReturnSubscriptionArn=True
    )["SubscriptionArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=env_arn)
    subs = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    check(len(subs) == 2 and sub in [s["SubscriptionArn"] for s in subs], f"subscriptions {subs}")
    print("SUBSCRIBED", sub)

    msg_attrs = {
        "color": {"DataType": "String", "StringValue": "green"},
        "count": {"DataType": "Number", "StringValue": "7"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"},
        "list": {"DataType": "String.Array", "StringValue": '["a", 1]'},
    }
    message_id = sns.publish(TopicArn=topic, Message="hello ünïcödé", Subject="Hi", MessageAttributes=msg_attrs)["MessageId"]
    print("PUBLISHED", message_id)

    [raw] = receive(sqs, raw_url, 1)
    check(raw["Body"] == "hello ünïcödé", f"raw body {raw['Body']!r}")
    ma = raw["MessageAttributes"]
    check(ma["color"] == {"DataType": "String", "StringValue": "green"}, f"color {ma.get('color')}")
    check(ma["count"] == {"DataType": "Number", "StringValue": "7"}, f"count {ma.get('count')}")
    check(ma["blob"]["BinaryValue"] == b"\x00\x01\xff", f"blob {ma.get('blob')}")
    print("RAW_OK")

    [env] = receive(sqs, env_url, 1)
    body = json.loads(env["Body"])
    check(body["Type"] == "Notification" and body["MessageId"] == message_id, f"envelope {body}")
    check(body["Subject"] == "Hi" and body["Message"] == "hello ünïcödé", f"envelope {body}")
    check(body["MessageAttributes"]["blob"] == {"Type": "Binary", "Value": "AAH/"}, f"attrs {body['MessageAttributes']}")
    print("ENVELOPE_OK")

    res = sns.publish_batch(
        TopicArn=topic,
        PublishBatchRequestEntries=[{"Id": "one", "Message": "b1"}, {"Id": "two", "Message": "b2"}],
    )
    check(sorted(s["Id"] for s in res["Successful"]) == ["one", "two"], f"batch {res}")
    check(sorted(m["Body"] for m in receive(sqs, raw_url, 2)) == ["b1", "b2"], "batch delivery")
    print("BATCH_OK")

    try:
        sns.get_topic_attributes(TopicArn=f"arn:aws:sns:us-east-1:000000000000:{name}-missing")
        check(False, "expected NotFound")
    except ClientError as e:
        check(e.response["Error"]["Code"] == "NotFound", f"code {e.response['Error']}")
        check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 404, "status")
    print("ERROR_OK")

    sns.unsubscribe(SubscriptionArn=sub)
    sns.delete_topic(TopicArn=topic)
    print("SCENARIO OK")


if __name__ == "__main__":
    main()
