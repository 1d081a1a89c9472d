"""A derivation's scratch folders: never left behind by a process that was killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from treatykg.graph.sentences import SentenceFile
from treatykg.graph.spill import Spill

# A process that makes a derivation's scratch files and is then killed outright (or waits
# to be), as the out-of-memory killer would stop a derivation.
_MAKE = """
import os, signal, sys, time
from treatykg.graph.sentences import SentenceFile
from treatykg.graph.spill import Spill
spill, sentences = Spill(), SentenceFile()
print("made", flush=True)
if sys.argv[1] == "kill":
    os.kill(os.getpid(), signal.SIGKILL)
time.sleep(120)
"""


def _scratch(tmp_path: Path) -> list[str]:
    return sorted(p.name.split("-")[1] for p in tmp_path.glob("treatykg-*"))


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_scratch_folders_a_killed_derivation_left_are_removed_by_the_next(
    temp_folder: Path,
) -> None:
    done = subprocess.run([sys.executable, "-c", _MAKE, "kill"], capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL and "made" in done.stdout
    assert _scratch(temp_folder) == ["derive", "sentences"]  # left behind by the kill
    with closing(Spill()) as spill, closing(SentenceFile()) as sentences:
        # Only this process's own folders are left.
        assert _scratch(temp_folder) == ["derive", "sentences"]
        owners = {p.name.split("-")[2] for p in temp_folder.glob("treatykg-*")}
        assert owners == {str(os.getpid())}
        del spill, sentences
    assert _scratch(temp_folder) == []


def test_scratch_folders_of_a_running_derivation_are_kept(temp_folder: Path) -> None:
    running = subprocess.Popen(
        [sys.executable, "-c", _MAKE, "wait"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert running.stdout is not None and running.stdout.readline().strip() == "made"
        with closing(Spill()), closing(SentenceFile()):
            assert _scratch(temp_folder) == ["derive", "derive", "sentences", "sentences"]
        assert _scratch(temp_folder) == ["derive", "sentences"]  # the running one's
    finally:
        running.kill()
        running.wait()
