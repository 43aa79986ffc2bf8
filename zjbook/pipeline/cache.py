"""A content-addressed cache of executed notebooks that can't go stale and never serves damage.

A notebook's key hashes everything its output depends on:
- the notebook's source and its parameters;
- the *context* of the build (:func:`build_context`): the helper package's source, the
  environment (Python version, every installed distribution and its version, the bytes of the
  CJK font the figures use) and the file listing of the edition's own folder;
- the bytes of each data file the notebook read on its last run (absent counts as absent), for a
  whole folder it read (``<year>/*``, e.g. another year the comparison page validated) every file of
  that folder — so a year that turns valid or invalid changes the key — and for ``*`` the list of
  years under the data root.

Every entry carries a manifest with the SHA-256 of each of its files; an entry whose files don't
match, or a record that doesn't parse, is a miss (removed and re-executed), never published.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import paths

MANIFEST = "manifest.json"
WHOLE_FOLDER = "*"


def _sha(*chunks: bytes) -> str:
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


def package_files() -> list[Path]:
    """The helper package's source: its modules and its wording files."""
    package = paths.ROOT / "zjbook"
    return sorted(p for pattern in ("*.py", "*.toml") for p in package.rglob(pattern))


def package_digest() -> str:
    """The helper package's source: a change to any module or wording file re-runs every notebook."""
    package = paths.ROOT / "zjbook"
    return _sha(*(p.relative_to(package).as_posix().encode() + p.read_bytes() for p in package_files()))


@lru_cache(maxsize=1)
def environment_digest() -> str:
    """Python, every installed distribution with its version, and the font file the figures use."""
    from ..render.style import font_path
    dists = sorted({f"{(d.metadata['Name'] or '').lower()}=={d.version}" for d in metadata.distributions()})
    font = font_path()
    return _sha(sys.version.encode(), sys.implementation.name.encode(), "\n".join(dists).encode(),
                str(font).encode(), file_sha(font).encode())


def listing(folder: Path) -> list[str]:
    """The names in a folder, sorted (a missing folder lists nothing)."""
    return sorted(p.name for p in Path(folder).iterdir()) if Path(folder).is_dir() else []


def folder_digest(folder: Path) -> bytes:
    """Every file of a folder, by name and content (symlinks by their target's name, never followed)."""
    folder = Path(folder)
    if not folder.is_dir():
        return b"<absent>"
    parts = []
    for name in listing(folder):
        p = folder / name
        parts.append(name.encode() + b"\0" + (b"<link>" + str(p.readlink()).encode() if p.is_symlink()
                                              else p.read_bytes() if p.is_file() else b"<dir>"))
    return _sha(*parts).encode()


def build_context(year: int, data_root: Path) -> str:
    """What every notebook of one edition depends on besides its own source, parameters and reads.

    The list of years under the data root is not part of it: a notebook that looks at other years
    (the comparison, the review page) records the listing as a read (``*``), so adding a year re-runs
    only those."""
    return _sha(package_digest().encode(), environment_digest().encode(),
                "\n".join(listing(Path(data_root) / str(year))).encode())


def _read_digest(data_root: Path, name: str) -> bytes:
    if name == WHOLE_FOLDER:  # the data root's listing: which years there are
        return "\n".join(listing(data_root)).encode()
    if name.endswith("/" + WHOLE_FOLDER):
        return folder_digest(data_root / name[: -len(WHOLE_FOLDER) - 1])
    path = data_root / name
    return path.read_bytes() if path.is_file() else b"<absent>"


def notebook_key(source: Path, params: dict, reads: list[str], data_root: Path, context: str) -> str:
    """``reads`` are ``<year>/<file>`` (or ``<year>/*``) paths under ``data_root``."""
    data = [name.encode() + b"\0" + _read_digest(Path(data_root), name) for name in sorted(set(reads))]
    return _sha(source.read_bytes(), json.dumps(params, sort_keys=True).encode(), context.encode(), *data)


class NotebookCache:
    """Executed notebooks under ``<root>/<key>/``, and the files each notebook last read.

    ``enabled=False`` gives a cache that never restores and never stores (``make book NO_CACHE=1``)."""

    def __init__(self, root: Path, enabled: bool = True):
        self.root = Path(root)
        self.enabled = enabled
        self.damaged: list[str] = []  # notebooks whose entry failed its checksums and was dropped

    def _reads_file(self, stem: str, year: int, lang: str = "zh") -> Path:
        return self.root / "reads" / (f"{year}-{stem}.json" if lang == "zh" else f"{year}-{lang}-{stem}.json")

    def last_reads(self, stem: str, year: int, lang: str = "zh") -> list[str] | None:
        """The files the notebook read last time, or None when unknown or unreadable (a miss)."""
        if not self.enabled:
            return None
        try:
            reads = json.loads(self._reads_file(stem, year, lang).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return reads if isinstance(reads, list) and all(isinstance(r, str) for r in reads) else None

    @staticmethod
    def _intact(entry: Path) -> bool:
        """Every file the manifest lists is there with its checksum, and nothing else is."""
        try:
            manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
            files = {p.relative_to(entry).as_posix() for p in entry.rglob("*") if p.is_file()} - {MANIFEST}
            return (isinstance(manifest, dict) and set(manifest) == files
                    and all(file_sha(entry / name) == sha for name, sha in manifest.items()))
        except (OSError, ValueError):
            return False

    def restore(self, key: str, stem: str, dest_dir: Path) -> bool:
        if not self.enabled:
            return False
        entry = self.root / key
        if not entry.is_dir():
            return False
        if not (entry / f"{stem}.ipynb").is_file() or not self._intact(entry):
            shutil.rmtree(entry, ignore_errors=True)  # damaged: re-execute, never publish it
            self.damaged.append(stem)
            return False
        shutil.copy2(entry / f"{stem}.ipynb", dest_dir / f"{stem}.ipynb")
        if (entry / "assets").exists():
            shutil.copytree(entry / "assets", dest_dir / "assets" / stem, dirs_exist_ok=True)
        return True

    def store(self, key: str, stem: str, year: int, reads: list[str], dest_dir: Path, lang: str = "zh") -> None:
        if not self.enabled:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=self.root))  # private: builds may run side by side
        shutil.copy2(dest_dir / f"{stem}.ipynb", tmp / f"{stem}.ipynb")
        if (dest_dir / "assets" / stem).exists():
            shutil.copytree(dest_dir / "assets" / stem, tmp / "assets")
        manifest = {p.relative_to(tmp).as_posix(): file_sha(p) for p in sorted(tmp.rglob("*")) if p.is_file()}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=0, sort_keys=True), encoding="utf-8")
        entry = self.root / key
        shutil.rmtree(entry, ignore_errors=True)
        try:
            tmp.rename(entry)
        except OSError:  # another build stored the same key meanwhile: same content, keep theirs
            shutil.rmtree(tmp, ignore_errors=True)
        reads_file = self._reads_file(stem, year, lang)
        reads_file.parent.mkdir(parents=True, exist_ok=True)
        tmp_reads = reads_file.with_name(f".{reads_file.name}.{tmp.name}")
        tmp_reads.write_text(json.dumps(reads), encoding="utf-8")
        tmp_reads.replace(reads_file)


def tree_digest(files: list[Path], extra: dict) -> str:
    """Everything an edition is made of, as one hash: when it is unchanged, so is the edition."""
    return _sha(json.dumps(extra, sort_keys=True).encode(),
                *(str(p.relative_to(paths.ROOT) if p.is_relative_to(paths.ROOT) else p).encode() + b"\0" + p.read_bytes()
                  for p in sorted(files)))
