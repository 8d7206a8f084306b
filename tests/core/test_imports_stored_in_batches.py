"""Every importer reads its whole file for problems before it writes, then stores the records a
batch at a time: a bad line near the end of a file longer than a batch leaves nothing
written, and the same file without that line is stored whole."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from sunbula.core.errors import DomainError
from sunbula.core.imports import STORE_BATCH
from tests.core.conftest import IMPORTERS, Target

pytestmark = pytest.mark.django_db

ROWS = 2 * STORE_BATCH + 500  # three batches, the last one short


@dataclass(frozen=True)
class LongFile:
    """Lines for an importer's file: a good one by its number, a bad one, and how many."""

    line: Callable[[int], bytes]
    bad: bytes
    rows: int = ROWS


def _day(row: int) -> bytes:
    return (datetime.date(1900, 1, 1) + datetime.timedelta(days=row)).isoformat().encode()


LONG_FILES = {
    "registry.people": LongFile(lambda row: b"K-%d,Fatima\n" % row, b"K-bad,\n"),
    "programmes.three_w": LongFile(
        lambda row: (
            b"Partner %d,72040,Food distribution,AF32,2023-06-01,2024-03-31,%d\n" % (row % 7, row)
        ),
        b"Partner 1,72040,Food distribution,AF99,2023-06-01,2024-03-31,10\n",
    ),
    "monitoring.phase_populations": LongFile(
        lambda row: b"AF01,%s,1000,2000,3000,1500,0\n" % _day(row), b"AF01,soon,1,2,3,4,5\n"
    ),
    "policy.sdg_values": LongFile(
        lambda row: b"SN_%06d,4,2022,38.2,PERCENT,UNICEF\n" % row,
        b"SN_BAD,4,2022,lots,PERCENT,UNICEF\n",
    ),
    "learning.attendance_report": LongFile(
        lambda row: (
            b"amina@example.org,2021-12-22 %02d:%02d:00,2021-12-22 %02d:%02d:30\n"
            % (9 + row // 60 % 2, row % 60, 9 + row // 60 % 2, row % 60)
        ),
        b"amina@example.org,2021-12-22 10:00:00,yesterday\n",
    ),
    # A list names each of its cycle's beneficiaries once at most: it is as long as the cycle.
    "assistance.distribution_list": LongFile(lambda row: b"HH-1,10\n", b"HH-1,-3\n", rows=1),
}


def _file(name: str, target: Target, *, bad: bool) -> tuple[bytes, int]:
    """The importer's header, its good lines with (if `bad`) the bad one second to last, and
    the bad line's number."""
    long_file = LONG_FILES[name]
    header = target.good.split(b"\n", 1)[0] + b"\n"
    lines = [long_file.line(row) for row in range(long_file.rows)]
    if bad:
        lines.insert(len(lines) - 1, long_file.bad)
    return header + b"".join(lines), len(lines)


def test_every_importer_has_a_long_file() -> None:
    assert sorted(LONG_FILES) == IMPORTERS


@pytest.mark.parametrize("name", IMPORTERS)
def test_a_bad_line_near_the_end_leaves_nothing_written(
    name: str, targets: dict[str, Target]
) -> None:
    target = targets[name]
    content, bad_line = _file(name, target, bad=True)
    before = target.counts()
    with pytest.raises(DomainError) as refused:
        target.service(content, "long.csv")
    assert target.counts() == before
    assert str(bad_line) in repr(getattr(refused.value, "problems", refused.value.args))


@pytest.mark.parametrize("name", IMPORTERS)
def test_a_long_good_file_is_stored_whole(name: str, targets: dict[str, Target]) -> None:
    target = targets[name]
    content, _lines = _file(name, target, bad=False)
    before = target.counts()
    target.service(content, "long.csv")
    added = [after - earlier for after, earlier in zip(target.counts(), before, strict=True)]
    stored = {
        "registry.people": [ROWS],
        "programmes.three_w": [1, ROWS],  # the import and its activities
        "monitoring.phase_populations": [1, ROWS],  # the dataset and its areas' periods
        "policy.sdg_values": [ROWS],
        "learning.attendance_report": [1],  # one participant, connected again and again
        "assistance.distribution_list": [1, 1],
    }
    assert added == stored[name]
    target.service(content, "long.csv")
    assert [after - earlier for after, earlier in zip(target.counts(), before, strict=True)] == (
        stored[name]
    )
