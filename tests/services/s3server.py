"""A real S3 HTTP endpoint for the tests: moto's server mode on a free loopback port, in this process."""

from __future__ import annotations

import contextlib
import socket

BUCKET = "hubpro-test"
REGION = "eu-west-3"
ACCESS_KEY = "testing"
SECRET_KEY = "testing"

_server: dict = {}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def endpoint() -> str:
    """The endpoint URL of the run's moto server (started on first use, stopped by ``stop``)."""
    if "url" not in _server:
        from moto.server import ThreadedMotoServer

        port = _free_port()
        import logging

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        _server.update(server=server, url=f"http://127.0.0.1:{port}")
    return _server["url"]


def client():
    """A boto3 client on the moto server, for the tests' own checks (bucket set-up, tampering)."""
    import boto3

    return boto3.session.Session().client("s3", endpoint_url=endpoint(), region_name=REGION,
                                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)  # fmt: skip


def make_bucket(name: str = BUCKET) -> str:
    """Create a bucket (no error when it exists); returns its name."""
    s3 = client()
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


def environment(bucket: str = BUCKET, prefix: str = "fichiers") -> dict[str, str]:
    """The HUBPRO_STORAGE_* variables that put the app's files in ``bucket`` on the moto server."""
    return {
        "HUBPRO_STORAGE_URL": f"s3://{bucket}/{prefix}",
        "HUBPRO_STORAGE_ENDPOINT_URL": endpoint(),
        "HUBPRO_STORAGE_REGION": REGION,
        "HUBPRO_STORAGE_ACCESS_KEY": ACCESS_KEY,
        "HUBPRO_STORAGE_SECRET_KEY": SECRET_KEY,
    }


def stop() -> None:
    """Stop the server when this run started one."""
    if server := _server.pop("server", None):
        server.stop()
        _server.clear()
