"""A content-addressed cache of executed notebooks that can't go stale, can't be poisoned and never
serves damage.

A notebook's key hashes everything its output depends on:
- the notebook's source and its parameters (but for where the data folder lies: what the notebook read there is
  keyed by its bytes below, so a copy of the same data elsewhere finds the same entries; a restored notebook has its
  parameters cell written for the build that restores it, as executing it would have written it);
- the *context* of the build (:func:`build_context`): the helper package's source (its code, and the
  wording of the notebook's language and of the languages it falls back to: see
  :func:`zjbook.pipeline.stamp.code_digest`), the environment (Python version, every installed distribution and its version, the bytes of the
  fonts the figures use) and the file listing of the edition's own folder;
- the data the notebook read, each as a digest (:mod:`zjbook.data.edition`): a file's bytes, a whole
  folder (``<year>/*``, e.g. another year the comparison page validated — so a year that turns valid or
  invalid changes the key), the list of years (``*``).

An entry is *stored* under the digests of what the run actually read (the page records them as it
reads) and of the source it actually executed, with the context taken before the run; it is *looked
up* under the digests of the same inputs as they are now. An input edited while a notebook runs
therefore gives a key no later lookup computes: the stale result is never served, and the next build
re-executes the notebook with the new bytes.

Every entry carries a manifest with the SHA-256 of each of its files; an entry whose files don't
match, or a record that doesn't parse, is a miss (removed and re-executed), never published.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import nbformat

from ..data import divisions
from ..data.digest import LISTING, WHOLE_FOLDER, file_digest, file_sha, folder_digest, listing_digest, sha
from .stamp import code_digest, environment_digest

MANIFEST = "manifest.json"


def sha_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def listing(folder: Path) -> list[str]:
    """The names in a folder, sorted (a missing folder lists nothing)."""
    return sorted(p.name for p in Path(folder).iterdir()) if Path(folder).is_dir() else []


def build_context(year: int, data_root: Path, fonts: tuple[Path, ...], lang: str) -> str:
    """What every notebook of one edition in one language depends on besides its own source, parameters and
    reads: the helper package (without the wording of languages outside ``lang``'s chain), the environment (with the figures' ``fonts``) and the listing of the edition's folder.

    The list of years under the data root is not part of it: a notebook that looks at other years
    (the comparison, the review page) records the listing as a read (``*``), so adding a year re-runs
    only those."""
    return sha(
        code_digest(lang).encode(),
        environment_digest(fonts).encode(),
        "\n".join(listing(Path(data_root) / str(year))).encode(),
    )


def current_digest(data_root: Path, name: str) -> str:
    """The digest a page would record now for a read named ``name`` (see :class:`zjbook.data.edition.ReadLog`)."""
    if name == LISTING:  # which years there are
        return listing_digest(data_root)
    if name == divisions.FILE:  # the data root's registry, or the repository's
        return file_digest(divisions.registry_path(data_root))
    if name.endswith("/" + WHOLE_FOLDER):
        return folder_digest(data_root / name[: -len(WHOLE_FOLDER) - 1])
    return file_digest(data_root / name)


def current_reads(data_root: Path, names: list[str]) -> dict[str, str]:
    return {name: current_digest(Path(data_root), name) for name in names}


#: The parameter that says where the data folder lies: not part of a key (see :func:`notebook_key`).
LOCATION = "data_root"


def notebook_key(source_digest: str, params: dict, reads: dict[str, str], context: str) -> str:
    """``reads`` maps what the notebook read (``<year>/<file>``, ``<year>/*``, ``*``) to its digest.

    The parameters count but for :data:`LOCATION`: the data a notebook depends on is in ``reads`` (each file, whole
    folder and listing by its bytes) and in the ``context`` (the listing of the edition's folder), wherever it lies."""
    keyed = {k: v for k, v in params.items() if k != LOCATION}
    data = [f"{name}\0{digest}".encode() for name, digest in sorted(reads.items())]
    return sha(source_digest.encode(), json.dumps(keyed, sort_keys=True).encode(), context.encode(), *data)


def parameters_source(parameters: dict) -> str:
    """The source of the cell tagged ``injected-parameters`` that sets ``parameters``, as papermill writes it."""
    return "\n".join(["# Parameters"] + [f"{k} = {v!r}" for k, v in parameters.items()]) + "\n"


def with_parameters(notebook: Path, parameters: dict) -> None:
    """Write ``parameters`` into an executed notebook (its injected cell and its papermill metadata) where they
    differ from those it ran with, which can only be in :data:`LOCATION`: the notebook is then what executing it
    with ``parameters`` writes."""
    nb = nbformat.read(notebook, as_version=4)
    if nb.metadata.get("papermill", {}).get("parameters") == parameters:
        return
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = parameters_source(parameters)
    nb.metadata.setdefault("papermill", {})["parameters"] = parameters
    nbformat.write(nb, notebook)


class NotebookCache:
    """Executed notebooks under ``<root>/<key>/``, and the files each notebook last read.

    ``enabled=False`` gives a cache that never restores and never stores (``make book NO_CACHE=1``);
    ``restoring=False`` one that stores what runs but never restores (``make book FORCE=1``)."""

    def __init__(self, root: Path, enabled: bool = True, restoring: bool = True):
        self.root = Path(root)
        self.enabled = enabled
        self.restoring = enabled and restoring
        self.damaged: list[str] = []  # notebooks whose entry failed its checksums and was dropped

    def _reads_file(self, stem: str, year: int, lang: str = "zh") -> Path:
        return self.root / "reads" / (f"{year}-{stem}.json" if lang == "zh" else f"{year}-{lang}-{stem}.json")

    def last_reads(self, stem: str, year: int, lang: str = "zh") -> list[str] | None:
        """The names of what the notebook read last time, or None when unknown or unreadable (a miss)."""
        if not self.restoring:
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
            return (
                isinstance(manifest, dict)
                and set(manifest) == files
                and all(file_sha(entry / name) == sha for name, sha in manifest.items())
            )
        except (OSError, ValueError):
            return False

    def restore(self, key: str, stem: str, dest_dir: Path, parameters: dict | None = None) -> bool:
        """Copy the entry ``key`` of notebook ``stem`` into ``dest_dir`` (with ``parameters``: written into it, see
        :func:`with_parameters`); False when there is none, or it is damaged (then removed)."""
        if not self.restoring:
            return False
        entry = self.root / key
        if not entry.is_dir():
            return False
        if not (entry / f"{stem}.ipynb").is_file() or not self._intact(entry):
            shutil.rmtree(entry, ignore_errors=True)  # damaged: re-execute, never publish it
            self.damaged.append(stem)
            return False
        shutil.copy2(entry / f"{stem}.ipynb", dest_dir / f"{stem}.ipynb")
        if parameters is not None:
            with_parameters(dest_dir / f"{stem}.ipynb", parameters)
        if (entry / "assets").exists():
            shutil.copytree(entry / "assets", dest_dir / "assets" / stem, dirs_exist_ok=True)
        return True

    def store(self, key: str, stem: str, year: int, reads: list[str], dest_dir: Path, lang: str = "zh") -> None:
        """Keep an executed notebook under ``key`` (made from what it read), and the names of what it read."""
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
