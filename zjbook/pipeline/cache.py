"""A content-addressed cache of executed notebooks.

A notebook's key hashes everything its output depends on: the notebook's source, its
parameters, the helper package's source, and the bytes of each data file it read on its last
run (a file that was absent counts as absent). Nothing changed → the cached notebook and its
assets are copied back and no kernel starts. One data file changed → only the notebooks that
read it run again. Unlike Jupyter Book's own cache, which hashes code cells only, a changed
CSV can never leave a stale page.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from .. import paths


def _sha(*chunks: bytes) -> str:
    h = hashlib.sha256()
    for c in chunks:
        h.update(len(c).to_bytes(8, "big"))
        h.update(c)
    return h.hexdigest()


def package_digest() -> str:
    """The helper package's source: a change to any module re-runs every notebook."""
    package = paths.ROOT / "zjbook"
    return _sha(*(p.relative_to(package).as_posix().encode() + p.read_bytes() for p in sorted(package.rglob("*.py"))))


def file_digest(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b"<absent>"


def notebook_key(source: Path, params: dict, reads: list[str], data_root: Path, package: str) -> str:
    """``reads`` are ``<year>/<file>`` paths under ``data_root``."""
    data = [name.encode() + b"\0" + file_digest(data_root / name) for name in sorted(reads)]
    return _sha(source.read_bytes(), json.dumps(params, sort_keys=True).encode(), package.encode(), *data)


class NotebookCache:
    """Executed notebooks under ``<root>/<key>/``, and the files each notebook last read."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _reads_file(self, stem: str, year: int) -> Path:
        return self.root / "reads" / f"{year}-{stem}.json"

    def last_reads(self, stem: str, year: int) -> list[str] | None:
        path = self._reads_file(stem, year)
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def restore(self, key: str, stem: str, dest_dir: Path) -> bool:
        entry = self.root / key
        if not (entry / f"{stem}.ipynb").exists():
            return False
        shutil.copy2(entry / f"{stem}.ipynb", dest_dir / f"{stem}.ipynb")
        if (entry / "assets").exists():
            shutil.copytree(entry / "assets", dest_dir / "assets" / stem, dirs_exist_ok=True)
        return True

    def store(self, key: str, stem: str, year: int, reads: list[str], dest_dir: Path) -> None:
        entry = self.root / key
        tmp = self.root / f".{key}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        shutil.copy2(dest_dir / f"{stem}.ipynb", tmp / f"{stem}.ipynb")
        if (dest_dir / "assets" / stem).exists():
            shutil.copytree(dest_dir / "assets" / stem, tmp / "assets")
        shutil.rmtree(entry, ignore_errors=True)
        tmp.rename(entry)
        reads_file = self._reads_file(stem, year)
        reads_file.parent.mkdir(parents=True, exist_ok=True)
        reads_file.write_text(json.dumps(reads), encoding="utf-8")


def tree_digest(files: list[Path], extra: dict) -> str:
    """Everything an edition is made of, as one hash: when it is unchanged, so is the edition."""
    return _sha(json.dumps(extra, sort_keys=True).encode(),
                *(str(p.relative_to(paths.ROOT) if p.is_relative_to(paths.ROOT) else p).encode() + b"\0" + p.read_bytes()
                  for p in sorted(files)))
