"""Where pushed pictures go: out/archive/images/, or an S3-compatible bucket.

Names are content hashes, so a name that is already there holds the same bytes and
is never uploaded again. Bucket keys come only from the environment or the standard
AWS config files (boto3's own lookup); no message ever shows them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsletter.errors import CommandFailed
from newsletter.images.resolve import Placed
from newsletter.models import Bucket, Settings
from newsletter.project import ARCHIVE_IMAGES_DIR, Project

Upload = Callable[[Placed], bool]
"""Put one picture in place; return False if it was already there."""


def target(project: Project, settings: Settings) -> tuple[str, Upload]:
    """Return a description of the settings' host and the function that uploads to it."""
    images = settings.images
    if images.host == "s3" and images.s3 is not None:
        return f"s3://{images.s3.bucket}/{images.s3.prefix}", S3Upload(images.s3)
    folder = project.archive_images_dir
    return f"{project.relative(folder)}/", _archive_upload(folder)


def _archive_upload(folder: Path) -> Upload:
    def upload(placed: Placed) -> bool:
        path = folder / placed.name
        if path.is_file() and path.stat().st_size == placed.bytes:
            return False
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{placed.name}.")
        os.close(handle)
        try:
            shutil.copyfile(placed.file, temporary)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return True

    return upload


class S3Upload:
    """Upload pictures to one bucket with boto3, skipping those already there."""

    def __init__(self, bucket: Bucket) -> None:
        self.bucket = bucket
        self._client: Any = None

    def __call__(self, placed: Placed) -> bool:
        """Upload one picture unless an object of its name and size is there."""
        key = self.bucket.prefix + placed.name
        try:
            if self._exists(key, placed.bytes):
                return False
            with placed.file.open("rb") as body:
                self.client().put_object(
                    Bucket=self.bucket.bucket,
                    Key=key,
                    Body=body,
                    ContentType=placed.content_type,
                    CacheControl=self.bucket.cache_control,
                    ContentLength=placed.bytes,
                )
        except CommandFailed:
            raise
        except Exception as error:
            raise CommandFailed(self._describe(error)) from None
        return True

    def client(self) -> Any:
        """Return the S3 client, made on first use from the environment's credentials."""
        if self._client is None:
            import boto3
            from botocore.config import Config

            # boto3 1.36 and later add checksums that R2 and other S3-compatible services
            # refuse with a misleading "Unauthorized"; send them only where required.
            config = Config(
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                connect_timeout=10,
                read_timeout=60,
                retries={"max_attempts": 3, "mode": "standard"},
            )
            self._client = boto3.session.Session().client(
                "s3",
                endpoint_url=self.bucket.endpoint_url,
                region_name=self.bucket.region,
                config=config,
            )
        return self._client

    def _exists(self, key: str, size: int) -> bool:
        from botocore.exceptions import ClientError

        try:
            head = self.client().head_object(Bucket=self.bucket.bucket, Key=key)
        except ClientError as error:
            if _code(error) in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return bool(head.get("ContentLength") == size)

    def _describe(self, error: Exception) -> str:
        """Say what went wrong in one line, never with the keys or the server's message."""
        from botocore.exceptions import (
            ClientError,
            EndpointConnectionError,
            NoCredentialsError,
            PartialCredentialsError,
        )

        name = f"bucket {self.bucket.bucket}"
        keys = "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)"
        if isinstance(error, (NoCredentialsError, PartialCredentialsError)):
            return f"no keys for the {name}: set {keys} in the environment"
        if isinstance(error, EndpointConnectionError):
            return f"cannot reach the {name} at {error.kwargs.get('endpoint_url', '?')}"
        if isinstance(error, ClientError):
            code = _code(error)
            if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "403", "AccessDenied"):
                return f"the {name} refused the keys ({code}): check {keys}"
            if code in ("NoSuchBucket", "404"):
                return f"the {name} does not exist: check images.s3.bucket and endpoint_url"
            return f"the {name} answered {code}"
        return f"upload to the {name} failed: {type(error).__name__}"


def _code(error: Any) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def archive_images(project: Project) -> dict[str, bytes]:
    """Return the pushed pictures of out/archive/images/, to keep when the archive is rewritten."""
    folder = project.archive_images_dir
    if not folder.is_dir():
        return {}
    return {
        f"{ARCHIVE_IMAGES_DIR}/{path.name}": path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.is_file() and not path.is_symlink() and not path.name.startswith(".")
    }
