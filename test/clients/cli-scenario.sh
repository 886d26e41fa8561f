#!/usr/bin/env bash
# Drives atoll with an AWS CLI binary (v1 speaks SQS JSON, Debian's v2 speaks query).
# Usage: cli-scenario.sh AWS_BIN ENDPOINT QUEUE_NAME
# Prints one line per step and `SCENARIO OK` at the end; exits non-zero at the first failure.
set -euo pipefail

aws_bin=$1
endpoint=$2
name=$3
body="hello from the aws cli — ünïcödé"

awscli() { "$aws_bin" --endpoint-url "$endpoint" --region us-east-1 "$@"; }
fail() {
  echo "FAIL $*" >&2
  exit 1
}

url=$(awscli sqs create-queue --queue-name "$name" --attributes VisibilityTimeout=45 --query QueueUrl --output text)
[[ "$url" == "$endpoint/000000000000/$name" ]] || fail "create-queue returned $url"
echo "QUEUE_URL $url"

again=$(awscli sqs get-queue-url --queue-name "$name" --query QueueUrl --output text)
[[ "$again" == "$url" ]] || fail "get-queue-url returned $again"
echo "GET_QUEUE_URL $again"

read -r message_id md5 < <(awscli sqs send-message --queue-url "$url" --message-body "$body" \
  --query '[MessageId, MD5OfMessageBody]' --output text)
expected_md5=$(printf '%s' "$body" | md5sum | cut -d' ' -f1)
[[ "$md5" == "$expected_md5" ]] || fail "MD5OfMessageBody $md5, expected $expected_md5"
echo "SENT $message_id"

out=$(awscli sqs receive-message --queue-url "$url" --max-number-of-messages 1 --wait-time-seconds 2 \
  --attribute-names All --query 'Messages[0].[MessageId, ReceiptHandle, Attributes.ApproximateReceiveCount, Body]' \
  --output text)
IFS=$'\t' read -r got_id handle receive_count got_body <<<"$out"
[[ "$got_id" == "$message_id" ]] || fail "received $got_id, sent $message_id"
[[ "$got_body" == "$body" ]] || fail "received body '$got_body'"
[[ "$receive_count" == "1" ]] || fail "ApproximateReceiveCount $receive_count"
echo "RECEIVED $got_body"

awscli sqs delete-message --queue-url "$url" --receipt-handle "$handle"
echo "DELETED"

attrs=$(awscli sqs get-queue-attributes --queue-url "$url" --attribute-names All \
  --query 'Attributes.[VisibilityTimeout, ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible]' \
  --output text)
read -r vt visible not_visible <<<"$attrs"
[[ "$vt $visible $not_visible" == "45 0 0" ]] || fail "queue attributes: $attrs"
echo "ATTRIBUTES VisibilityTimeout=$vt ApproximateNumberOfMessages=$visible ApproximateNumberOfMessagesNotVisible=$not_visible"

set +e
err=$(awscli sqs get-queue-url --queue-name "$name-missing" 2>&1)
rc=$?
set -e
[[ $rc -ne 0 ]] || fail "get-queue-url of a missing queue succeeded"
[[ "$err" == *NonExistentQueue* ]] || fail "unexpected error: $err"
echo "ERROR_OK $rc"

echo "SCENARIO OK"
