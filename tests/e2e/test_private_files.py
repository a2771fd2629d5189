"""Files are private: what the store keeps on disk is the owner's alone (files 0600, folders
0700), for a fresh store and, corrected at start-up, for one made before."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from infra.blobs import BlobStore
from infra.files import make_private

SOCAI = str(Path(sys.executable).parent / "socai")


def socai(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCAI_")}
    env.update(SOCAI_DATA_DIR=str(data), SOCAI_PDF_RENDERER="off", SOCAI_LOG_FORMAT="json")
    done = subprocess.run([SOCAI, *args], env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def modes(root: Path) -> dict[str, int]:
    """Every file and folder under ``root`` (and itself) with its permission bits."""
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def open_to_others(root: Path) -> dict[str, str]:
    return {name: oct(mode) for name, mode in modes(root).items() if mode & 0o077}


class TestFreshStore:
    def test_every_file_and_folder_is_the_owners_alone(self, tmp_path: Path) -> None:
        """A store made by the command line (database, its log files, keys, blobs' area, the
        witness of a checkpoint): files 0600, folders 0700, whatever the caller's umask."""
        data = tmp_path / "data"
        os.umask(old := os.umask(0o022))
        try:
            socai(data, "keys", "init")
            socai(data, "calendar", "adopt-years", "--from", "2025")
            socai(data, "checkpoint")
        finally:
            os.umask(old)
        found = modes(data)
        for expected in ("socai.sqlite", "keys", "blobs", "ledger/checkpoint"):
            assert expected in found, sorted(found)
        assert any(name.startswith("keys/") for name in found)
        assert open_to_others(data) == {}
        assert all(mode & 0o700 == 0o700 for name, mode in found.items()
                   if (data / name).is_dir())

    def test_blobs_are_private_under_any_umask(self, tmp_path: Path) -> None:
        """An attachment kept by the blob store (in this process, umask 022): 0600 in 0700
        folders."""
        old = os.umask(0o022)
        try:
            store = BlobStore(tmp_path / "blobs", max_bytes=1 << 20)
            kept = store.keep(store.receive([b"%PDF-1.4 noi dung"], filename="van-ban.pdf"))
        finally:
            os.umask(old)
        assert kept.exists()
        assert open_to_others(tmp_path / "blobs") == {}


class TestStoreMadeBefore:
    def test_open_files_are_corrected_at_start_up_and_counted(self, tmp_path: Path) -> None:
        """A store whose files are 0644 and folders 0755 (as releases before made them): the
        next command corrects every one and logs how many, never their names."""
        data = tmp_path / "data"
        socai(data, "keys", "init")
        socai(data, "calendar", "adopt-years", "--from", "2025")
        (data / "blobs" / "ab" / "cd").mkdir(parents=True)
        (data / "blobs" / "ab" / "cd" / ("abcd" + "0" * 60)).write_bytes(b"x")
        opened = 0
        for path in [data, *data.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
            opened += 1
        done = socai(data, "projections", "status")
        assert open_to_others(data) == {}
        logged = done.stdout + done.stderr
        assert '"event": "file_modes_corrected"' in logged
        assert f'"count": {opened}' in logged
        assert "socai.sqlite" not in logged
        assert "abcd" not in logged

    def test_make_private_does_not_follow_links(self, tmp_path: Path) -> None:
        """A symbolic link in the data folder is not followed out of it."""
        outside = tmp_path / "outside"
        outside.write_text("x")
        outside.chmod(0o644)
        data = tmp_path / "data"
        data.mkdir(mode=0o700)
        (data / "link").symlink_to(outside)
        assert make_private([data]) == 0
        assert stat.S_IMODE(outside.stat().st_mode) == 0o644
