"""Counting the attempts at an asynchronous event against moto's S3: one notification, after the last attempt."""

from __future__ import annotations

from typing import Any

import pytest

from mlops_orchestrator.core.event_attempts import EventAttempts

BUCKET = "testassetsbucket"  # versioned, as the stack's assets bucket
EVENT = {"id": "7e1f0c2a", "source": "aws.sagemaker", "detail": {"ModelPackageArn": "arn:...:model-package/g/3"}}


class Failed(Exception):
    pass


class Topic:
    def __init__(self) -> None:
        self.published: list[tuple[str, str]] = []

    def __call__(self, subject: str, message: str) -> None:
        self.published.append((subject, message))


def attempts(s3: Any, topic: Topic, retries: int = 2, bucket: str = BUCKET) -> EventAttempts:
    return EventAttempts(s3, bucket, retries, topic)


def fail(counter: EventAttempts, event: dict[str, Any] = EVENT) -> None:
    with pytest.raises(Failed), counter.attempt(event, "release failed"):
        raise Failed("UpdateStack failed with AccessDenied")


def records(s3: Any, bucket: str = BUCKET) -> list[tuple[str, str]]:
    """Every version and delete marker under the attempts prefix: a cleaned-up count leaves none."""
    listed = s3.list_object_versions(Bucket=bucket, Prefix=EventAttempts.KEY_PREFIX)
    return [
        (item["Key"], item["VersionId"]) for item in [*listed.get("Versions", []), *listed.get("DeleteMarkers", [])]
    ]


def test_three_failed_attempts_notify_once_after_the_last(aws_account: dict[str, Any]) -> None:
    s3, topic = aws_account["s3"], Topic()
    fail(attempts(s3, topic))
    fail(attempts(s3, topic))
    assert topic.published == []
    fail(attempts(s3, topic))
    [(subject, message)] = topic.published
    assert subject == "release failed"
    assert message.startswith("UpdateStack failed with AccessDenied\n\n")
    assert "Attempt 3 of 3 failed" in message and "failed-events queue" in message
    assert records(s3) == []


def test_a_success_on_the_second_attempt_notifies_nothing_and_forgets_the_count(aws_account: dict[str, Any]) -> None:
    s3, topic = aws_account["s3"], Topic()
    fail(attempts(s3, topic))
    with attempts(s3, topic).attempt(EVENT, "release failed") as attempt:
        assert (attempt.number, attempt.of, attempt.last) == (2, 3, False)
    assert topic.published == []
    assert records(s3) == []
    # Sent again later (a new upload of the same bytes would differ; a redriven event may not): it starts over.
    with attempts(s3, topic).attempt(EVENT, "release failed") as attempt:
        assert attempt.number == 1


def test_each_event_has_its_own_count(aws_account: dict[str, Any]) -> None:
    s3, topic = aws_account["s3"], Topic()
    other = {**EVENT, "id": "0d9b44e1"}
    for _ in range(2):
        fail(attempts(s3, topic))
        fail(attempts(s3, topic), other)
    assert topic.published == []
    fail(attempts(s3, topic), other)
    assert len(topic.published) == 1
    fail(attempts(s3, topic))
    assert len(topic.published) == 2
    assert EventAttempts.key(EVENT) != EventAttempts.key(other)


def test_an_attempt_that_lambda_stopped_still_counts(aws_account: dict[str, Any]) -> None:
    """An attempt is counted when it starts: a timeout (nothing after the start runs) is not forgotten."""
    s3, topic = aws_account["s3"], Topic()
    fail(attempts(s3, topic))
    attempts(s3, topic).attempt(EVENT, "release failed").__enter__()  # the second attempt, stopped by Lambda
    fail(attempts(s3, topic))
    assert len(topic.published) == 1 and "Attempt 3 of 3" in topic.published[0][1]


def test_without_retries_the_first_failure_is_the_last(aws_account: dict[str, Any]) -> None:
    s3, topic = aws_account["s3"], Topic()
    fail(attempts(s3, topic, retries=0))
    assert len(topic.published) == 1 and "Attempt 1 of 1" in topic.published[0][1]


def test_an_attempt_that_cannot_be_counted_notifies_rather_than_never(aws_account: dict[str, Any]) -> None:
    topic = Topic()
    counter = attempts(aws_account["s3"], topic, bucket="no-such-bucket")
    fail(counter)
    fail(counter)
    assert len(topic.published) == 2
    assert all("could not be counted" in message for _subject, message in topic.published)


def test_an_unreadable_count_notifies_too(aws_account: dict[str, Any]) -> None:
    s3, topic = aws_account["s3"], Topic()
    s3.put_object(Bucket=BUCKET, Key=EventAttempts.key(EVENT), Body=b"{not json")
    fail(attempts(s3, topic))
    assert len(topic.published) == 1 and "could not be counted" in topic.published[0][1]
    assert records(s3) == []


def test_an_unversioned_bucket_is_cleaned_up_as_well(aws_account: dict[str, Any]) -> None:
    """An operator may bring an existing assets bucket without versioning."""
    s3, topic = aws_account["s3"], Topic()
    s3.create_bucket(Bucket="plain-assets")
    fail(attempts(s3, topic, bucket="plain-assets"))
    assert len(records(s3, "plain-assets")) == 1
    with attempts(s3, topic, bucket="plain-assets").attempt(EVENT, "release failed"):
        pass
    assert records(s3, "plain-assets") == []
    assert topic.published == []
