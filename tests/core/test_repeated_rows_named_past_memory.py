"""A repeated row is named with the line its key first appeared on, however many keys came
between: the keys past what FirstLines holds in memory are read back from its file."""

from __future__ import annotations

from sunbula.core.imports import FirstLines

KEYS = 100_000  # over 2 MB of keys: twice what FirstLines holds in memory


def test_a_key_repeated_after_many_others_names_its_first_line() -> None:
    with FirstLines() as first_lines:
        for line in range(2, KEYS + 2):
            assert first_lines.earlier_line(f"AF-{line:08d}", line) is None
        assert first_lines.earlier_line("AF-00000002", KEYS + 2) == 2
        assert first_lines.earlier_line(f"AF-{KEYS // 2:08d}", KEYS + 3) == KEYS // 2
        assert first_lines.earlier_line("AF-00000002", KEYS + 4) == 2  # the first, not the last


def test_keys_differ_by_case_and_spaces() -> None:
    with FirstLines() as first_lines:
        assert first_lines.earlier_line("B-1", 2) is None
        assert first_lines.earlier_line("b-1", 3) is None
        assert first_lines.earlier_line("B-1 ", 4) is None
        assert first_lines.earlier_line("B-1", 5) == 2
