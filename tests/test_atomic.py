"""Atomic writes: whole files only, and the permissions a plain write would give (mkstemp's are private)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import aligner.report.atomic as atomic
from aligner.report.atomic import file_mode, temporary_beside, write_atomic
from aligner.score.fidelity import FidelityScorer
from aligner.score.tsv import score_pairs_file

from test_batch import make_batch, run

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file permissions are POSIX")


@pytest.fixture
def umask():
    """Set the process umask for one test, and put the old one back."""
    old = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_what_the_umask_allows(tmp_path, umask, mask, expected):
    umask(mask)
    write_atomic(tmp_path / "report.html", "<p>x</p>")
    assert mode(tmp_path / "report.html") == expected
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == "<p>x</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


@pytest.mark.parametrize("kept", [0o600, 0o664, 0o640])
def test_a_replaced_file_keeps_its_permissions(tmp_path, umask, kept):
    umask(0o022)
    path = tmp_path / "flags.csv"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(kept)
    write_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert mode(path) == kept


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077])
def test_the_umask_is_read_without_proc_too(tmp_path, umask, monkeypatch, mask):
    """Where /proc does not show the umask it is read by setting and restoring it: same answer, mask unchanged."""
    umask(mask)
    assert atomic._umask() == mask
    monkeypatch.setattr(atomic, "_STATUS", tmp_path / "no-such-status")
    assert atomic._umask() == mask
    assert os.umask(mask) == mask  # still set as it was
    assert file_mode(tmp_path / "new.json") == 0o666 & ~mask


def test_a_temporary_that_cannot_be_given_its_mode_is_removed(tmp_path, monkeypatch):
    def refuse(fd, mode):
        raise PermissionError("chmod refused")

    monkeypatch.setattr(atomic.os, "fchmod", refuse)
    with pytest.raises(PermissionError):
        temporary_beside(tmp_path / "out.json")
    assert list(tmp_path.iterdir()) == []


def test_batch_reports_and_scored_tables_are_readable_by_the_group_and_others(tmp_path, umask):
    umask(0o022)
    zh, en = make_batch(tmp_path / "in", 2)
    out = tmp_path / "reports"
    run(zh, en, out)
    written = [p for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts]
    assert any(p.name == "report.html" for p in written) and any(p.name == "index.json" for p in written)
    assert {str(p.relative_to(out)): oct(mode(p)) for p in written} == {str(p.relative_to(out)): oct(0o644)
                                                                       for p in written}
    src = tmp_path / "in.tsv"
    src.write_text("source\ttarget\n我们站在地球上。\tWe stand on the earth.\n", encoding="utf-8")
    score_pairs_file(src, tmp_path / "scored.tsv", scorer=FidelityScorer(neural=False))
    assert mode(tmp_path / "scored.tsv") == 0o644
