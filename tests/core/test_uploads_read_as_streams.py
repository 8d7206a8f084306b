"""An import reads its upload a block at a time, never whole: on its page, its API and its
service, from memory or from a file on disk; an upload that announces less than it holds is
refused when the reading passes the limit, with a 4xx and nothing written."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.test import override_settings

from sunbula.core import imports
from tests.core.conftest import IMPORTERS, Target

pytestmark = pytest.mark.django_db

STREAMED = [name for name in IMPORTERS if name != "registry.people"]  # the worker's own
HANDLERS = "tests.core.test_uploads_read_as_streams"


class WholeReadRefused(io.BytesIO):
    """An upload in memory that fails the test if it is read whole."""

    def read(self, size: int | None = -1, /) -> bytes:
        if size is None or size < 0:
            raise AssertionError("the upload was read whole")
        return super().read(size)


class OnDisk(io.FileIO):
    """A file on disk that fails the test if it is read whole."""

    def read(self, size: int | None = -1, /) -> bytes:
        if size is None or size < 0:
            raise AssertionError("the file was read whole")
        return super().read(size)


class BlockReadsOnly(MemoryFileUploadHandler):
    def new_file(self, *args: object, **kwargs: object) -> None:
        super().new_file(*args, **kwargs)  # type: ignore[arg-type]
        self.file = WholeReadRefused()


class UnderstatedSize(TemporaryFileUploadHandler):
    """Kept on disk, like a large upload, but announcing 1 KB whatever it holds."""

    def file_complete(self, file_size: int) -> UploadedFile:
        upload = super().file_complete(file_size)
        assert upload is not None
        upload.size = 1024
        return upload


@pytest.mark.parametrize("name", STREAMED)
def test_the_page_and_the_api_read_the_upload_a_block_at_a_time(
    name: str, targets: dict[str, Target]
) -> None:
    target = targets[name]
    before = target.counts()
    with override_settings(FILE_UPLOAD_HANDLERS=[f"{HANDLERS}.BlockReadsOnly"]):
        for entry in (target.page, target.api):
            if entry is not None:
                response = entry(target.good, "good.csv")
                assert response.status_code in (201, 302), response.content[:500]
    assert target.counts() != before


@pytest.mark.parametrize("name", STREAMED)
def test_a_file_on_disk_is_imported_as_a_stream_once(
    name: str, targets: dict[str, Target], tmp_path: Path
) -> None:
    target = targets[name]
    path = tmp_path / "good.csv"
    path.write_bytes(target.good)
    before = target.counts()
    with OnDisk(path) as stream:
        target.service(stream, "good.csv")  # type: ignore[arg-type]
    after = target.counts()
    assert after != before
    with OnDisk(path) as stream:
        target.service(stream, "good.csv")  # type: ignore[arg-type]
    assert target.counts() == after


@pytest.mark.parametrize("name", STREAMED)
def test_an_upload_holding_more_than_it_announces_is_refused_and_nothing_written(
    name: str, targets: dict[str, Target]
) -> None:
    target = targets[name]
    limit = imports.importers()[name].importer.limits.max_bytes
    long_line = b"x," + b"y" * 1000 + b"\n"  # past the byte limit long before the row limit
    content = target.good + long_line * (limit // len(long_line) + 10)
    with override_settings(FILE_UPLOAD_HANDLERS=[f"{HANDLERS}.UnderstatedSize"]):
        for entry in (target.page, target.api):
            if entry is None:
                continue
            before = target.counts()
            response = entry(content, "big.csv")
            assert 400 <= response.status_code < 500, response
            assert target.counts() == before
            if entry is target.api:
                assert response.status_code == 413
                assert "limit" in response.json()["detail"]


def test_the_pipeline_stops_reading_at_the_limit_whatever_the_size_announced() -> None:
    limits = imports.Limits(max_bytes=1000)
    content = b"a,b\n" + b"1,2\n" * 1000
    understated = SimpleUploadedFile("big.csv", content)
    understated.size = 10
    table = imports.Table.of(understated, limits=limits)
    with pytest.raises(imports.FileTooLarge):
        list(table)
    understated.seek(0)
    with pytest.raises(imports.FileTooLarge):
        imports.file_sha256(understated, limits)
    with pytest.raises(imports.FileTooLarge):
        imports.Table.of(io.BytesIO(content), size=len(content), limits=limits)
