"""S3-compatible object storage through boto3: private objects, server-side encryption requested.

Objects are named ``<prefix>/<key>``; no ACL is sent (a bucket's objects are private to its owner
by default, and buckets with ACLs disabled refuse any), no URL of an object is ever given out: the
app reads the bytes and serves them through its checked route.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from boto3.session import Session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from hubpro.storage.base import KEY, StorageUnavailable, check_key

MISSING = {"NoSuchKey", "404", "NotFound"}


class S3Backend:
    """One bucket (and a prefix inside it) of an S3-compatible service."""

    name = "s3"

    def __init__(self, bucket: str, prefix: str = "", *, endpoint_url: str = "", region: str = "",
                 access_key: str = "", secret_key: str = "") -> None:  # fmt: skip
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        config = Config(
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
            s3={"addressing_style": "path" if endpoint_url else "auto"},
        )
        self.client = Session().client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            aws_access_key_id=access_key or None,
            aws_secret_access_key=secret_key or None,
            config=config,
        )

    def object_name(self, key: str) -> str:
        """The S3 object name of a storage key."""
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _failed(self, action: str, key: str, exc: Exception) -> StorageUnavailable:
        code = exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else ""
        return StorageUnavailable(f"s3 {action} {self.bucket}/{self.object_name(key) if key else self.prefix}: "
                                  f"{code or type(exc).__name__}: {exc}")  # fmt: skip

    def put(self, key: str, data: bytes) -> None:
        name = self.object_name(key)
        try:
            self.client.put_object(Bucket=self.bucket, Key=name, Body=data, ServerSideEncryption="AES256",
                                   ContentType="application/octet-stream")  # fmt: skip
        except (ClientError, BotoCoreError) as exc:
            raise self._failed("put", key, exc) from exc

    def get(self, key: str) -> bytes:
        name = self.object_name(key)
        try:
            return self.client.get_object(Bucket=self.bucket, Key=name)["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code", "") in MISSING:
                raise FileNotFoundError(f"s3 object {self.bucket}/{name} is missing") from exc
            raise self._failed("get", key, exc) from exc
        except BotoCoreError as exc:
            raise self._failed("get", key, exc) from exc

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.object_name(key))
        except (ClientError, BotoCoreError) as exc:
            raise self._failed("delete", key, exc) from exc

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.object_name(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code", "") in MISSING:
                return False
            raise self._failed("head", key, exc) from exc
        except BotoCoreError as exc:
            raise self._failed("head", key, exc) from exc
        return True

    def list_older_than(self, cutoff: datetime) -> Iterator[str]:
        start = f"{self.prefix}/" if self.prefix else ""
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=start):
                for obj in page.get("Contents", []):
                    key = obj["Key"][len(start) :]
                    if KEY.fullmatch(key) and obj["LastModified"] < cutoff:
                        yield key
        except (ClientError, BotoCoreError) as exc:
            raise self._failed("list", "", exc) from exc

    def __repr__(self) -> str:
        return f"S3Backend(s3://{self.bucket}/{self.prefix})"
