"""images push to an S3 API: moto's standalone server on 127.0.0.1, with keys checked."""

from __future__ import annotations

import json
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import EXAMPLE_SLUG, run_cli
from tests.test_images import jpeg_rotated_with_gps, lead_img, png_with_alpha, use_picture

BUCKET = "millbrook-newsletter"
REGION = "eu-west-2"


def reset_auth(endpoint: str, count: bytes) -> None:
    """Set after how many requests moto's server starts checking keys (its server API)."""
    request = urllib.request.Request(
        f"{endpoint}/moto-api/reset-auth",
        data=count,
        method="POST",
        headers={"Content-Type": "text/plain"},
    )
    urllib.request.urlopen(request, timeout=10).close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_server() -> Iterator[dict[str, str]]:
    """Start moto's S3 server with a user whose keys it checks; yield its address and keys."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    setup = dict(
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="setup",
        aws_secret_access_key="setup",
    )
    iam = boto3.client("iam", **setup)
    iam.create_user(UserName="newsletter")
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
    }
    iam.put_user_policy(UserName="newsletter", PolicyName="s3", PolicyDocument=json.dumps(policy))
    keys = iam.create_access_key(UserName="newsletter")["AccessKey"]
    boto3.client("s3", **setup).create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    # From here on the server checks every request's keys (moto's own server API).
    reset_auth(endpoint, b"0")
    try:
        yield {
            "endpoint": endpoint,
            "key": keys["AccessKeyId"],
            "secret": keys["SecretAccessKey"],
        }
    finally:
        reset_auth(endpoint, b"inf")
        server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, s3_server: dict[str, str]) -> None:
    """Give the test the user's keys the way a user would: in the environment."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", s3_server["key"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3_server["secret"])
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)


def bucket_settings(site: Path, endpoint: str) -> None:
    path = site / "content" / "newsletter.yaml"
    text = path.read_text()
    text = text.replace(
        "    region: eu-west-2\n", f"    region: eu-west-2\n    endpoint_url: {endpoint}\n"
    )
    path.write_text(text)


def objects(s3_server: dict[str, str]) -> dict[str, dict]:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_server["endpoint"],
        region_name=REGION,
        aws_access_key_id=s3_server["key"],
        aws_secret_access_key=s3_server["secret"],
    )
    found = {}
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        head = client.head_object(Bucket=BUCKET, Key=item["Key"])
        found[item["Key"]] = head
    return found


def test_push_uploads_each_picture_once_with_its_type_and_cache_control(
    site: Path, s3_server: dict[str, str], aws_env: None
) -> None:
    bucket_settings(site, s3_server["endpoint"])
    use_picture(site, "castle.jpg", jpeg_rotated_with_gps((1600, 1200)))
    front_logo = site / "content" / "issues" / "images" / "badge.png"
    front_logo.write_bytes(png_with_alpha())
    run_cli("build", root=site, check=True)
    src = lead_img(site).get("src")
    assert objects(s3_server) == {}  # the build uploads nothing

    result = run_cli("images", "push", EXAMPLE_SLUG, root=site, check=True)
    assert "pushed 1 picture to s3://millbrook-newsletter/newsletter/" in result.stdout
    name = src.rsplit("/", 1)[1]
    stored = objects(s3_server)
    assert list(stored) == [f"newsletter/{name}"]
    head = stored[f"newsletter/{name}"]
    assert head["ContentType"] == "image/jpeg"
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    ledger = json.loads((site / "content" / "images.lock").read_text())["images"]
    (entry,) = [entry for entry in ledger.values() if entry["url"] == src]
    assert head["ContentLength"] == entry["bytes"] and entry["url"] == src

    again = run_cli("images", "push", root=site, check=True)
    assert "pushed 0 pictures" in again.stdout
    assert objects(s3_server)[f"newsletter/{name}"]["LastModified"] == head["LastModified"]
    run_cli("export", EXAMPLE_SLUG, "--service", "mailchimp", root=site, check=True)


def test_wrong_keys_give_one_line_without_the_keys(
    site: Path, s3_server: dict[str, str], aws_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG1")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wrong-secret-never-printed")
    bucket_settings(site, s3_server["endpoint"])
    use_picture(site, "castle.jpg", jpeg_rotated_with_gps((800, 600)))
    ledger = (site / "content" / "images.lock").read_bytes()
    result = run_cli("images", "push", root=site)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "refused the keys" in line and "AWS_ACCESS_KEY_ID" in line
    output = result.stdout + result.stderr
    assert "AKIAWRONGWRONGWRONG1" not in output and "wrong-secret" not in output
    assert (site / "content" / "images.lock").read_bytes() == ledger
