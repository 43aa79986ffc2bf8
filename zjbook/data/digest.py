"""Digests of what a page reads: a file's bytes, a whole year folder, the list of years (stdlib only, so the
build can tell that nothing changed without importing pandas or matplotlib)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import paths

#: How a read of a whole year folder (``<year>/*``) and of the data root's list of years (``*``) are named.
WHOLE_FOLDER = "*"
LISTING = "*"


def sha(*chunks: bytes) -> str:
    """One SHA-256 of several byte strings, each length-prefixed (so no two lists collide)."""
    h = hashlib.sha256()
    for c in chunks:
        h.update(len(c).to_bytes(8, "big"))
        h.update(c)
    return h.hexdigest()


def file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """A file's bytes (an absent file has a digest of its own)."""
    return file_sha(path) if Path(path).is_file() else sha(b"<absent>")


def folder_digest(folder: Path) -> str:
    """Every entry of a folder by name and content (a symlink by its target's name, never followed)."""
    folder = Path(folder)
    if not folder.is_dir():
        return sha(b"<absent>")
    parts = []
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        body = (
            b"<link>" + str(p.readlink()).encode()
            if p.is_symlink()
            else file_sha(p).encode()
            if p.is_file()
            else b"<dir>"
        )
        parts.append(p.name.encode() + b"\0" + body)
    return sha(*parts)


def listing_digest(data_root: Path) -> str:
    """Which years there are under a data root."""
    return sha(*(str(y).encode() for y in paths.available_years(data_root)))
