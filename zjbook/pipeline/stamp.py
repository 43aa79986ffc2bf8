"""Whether a published edition is still what its inputs make, told without importing pandas or matplotlib.

A successful build leaves ``_build/<year>/.published.json``: one digest of everything the edition is made of
(:func:`inputs_digest`: notebooks, hand-written pages, the helper package, configuration, requirements,
every data folder, the languages asked for, and the environment — Python, every installed distribution,
the font files the figures were drawn with) and the SHA-256 of every published file. When the inputs give
the same digest and the published files are those the build wrote, the edition is up to date: ``make book``
says so and stops, in well under a second.
"""

from __future__ import annotations

import json
import sys
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import languages, paths
from ..data import divisions
from ..data.digest import file_digest, file_sha, folder_digest, sha
from .publishing import BuildLock, Busy, recover, remove_stale_stages

STAMP = ".published.json"


def package_files() -> list[Path]:
    """The helper package's source: its modules, its wording files and its language registry."""
    package = paths.ROOT / "zjbook"
    return sorted(p for pattern in ("*.py", "*.toml") for p in package.rglob(pattern))


def package_digest() -> str:
    """The helper package's source: a change to any module or wording file (any language's) changes it."""
    package = paths.ROOT / "zjbook"
    return sha(*(p.relative_to(package).as_posix().encode() + p.read_bytes() for p in package_files()))


WORDING = ("zjbook", "wording")

#: The wording files every language's notebooks read, whatever their chain: the data appendix writes the
#: data package, which describes the data in every language that has its own data dictionary.
SHARED_WORDING = ("dictionary.toml",)


def _language_folder(path: Path) -> str | None:
    """The language whose wording folder ``path`` (relative to the root) lies in, or None."""
    parts = path.parts
    return parts[2] if len(parts) > 3 and parts[:2] == WORDING else None


def code_digest(lang: str) -> str:
    """What one language's notebooks depend on of the helper package: its code and registry (every file but
    the wording folders), the wording folders of the language's fallback chain, and the wording files every
    language reads (:data:`SHARED_WORDING`) of the other languages. Editing one language's wording re-runs only
    the notebooks of the languages whose chain holds it."""
    chain = set(languages.get(lang).chain)
    files = []
    for p in package_files():
        rel = p.relative_to(paths.ROOT)
        folder = _language_folder(rel)
        if folder is None or folder in chain or rel.name in SHARED_WORDING:
            files.append(rel.as_posix().encode() + b"\0" + p.read_bytes())
    return sha(*files)


def _site_packages_mtimes() -> tuple[tuple[str, int], ...]:
    """When each folder installed distributions live in last changed: an install or removal changes it."""
    folders = sorted(
        {str(Path(p)) for p in sys.path if Path(p).is_dir() and Path(p).name in ("site-packages", "dist-packages")}
    )
    return tuple((f, Path(f).stat().st_mtime_ns) for f in folders)


def environment_digest(fonts: tuple[Path, ...]) -> str:
    """Python, every installed distribution with its version, and the given font files (those the figures use).

    Computed again whenever a folder of installed distributions has changed (a long-running ``serve`` notices
    a package installed meanwhile), otherwise remembered."""
    return _environment_digest(fonts, _site_packages_mtimes())


def _name_and_version(dist: metadata.Distribution) -> str:
    """``name==version`` of an installed distribution, read from the head of its metadata file alone (parsing the
    whole file, as ``dist.metadata`` does, costs ten times as much: it holds the long description)."""
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
    fields: dict[str, str] = {}
    for line in text.split("\n\n", 1)[0].splitlines():
        key, colon, value = line.partition(":")
        if colon and key in ("Name", "Version"):
            fields.setdefault(key, value.strip())
    return f"{fields.get('Name', '').lower()}=={fields.get('Version', '')}"


@lru_cache(maxsize=8)
def _environment_digest(fonts: tuple[Path, ...], installed: tuple[tuple[str, int], ...]) -> str:
    dists = sorted({_name_and_version(d) for d in metadata.distributions()})
    return sha(
        sys.version.encode(),
        sys.implementation.name.encode(),
        "\n".join(dists).encode(),
        *(str(f).encode() + b"\0" + (file_sha(f) if f.is_file() else "<absent>").encode() for f in fonts),
    )


def tree_digest(files: list[Path], extra: dict) -> str:
    """Everything an edition is made of, as one hash: when it is unchanged, so is the edition."""
    return sha(
        json.dumps(extra, sort_keys=True).encode(),
        *(
            str(p.relative_to(paths.ROOT) if p.is_relative_to(paths.ROOT) else p).encode() + b"\0" + p.read_bytes()
            for p in sorted(files)
        ),
    )


def source_files() -> list[Path]:
    """The book's own sources: notebooks, hand-written pages, the package, configuration and requirements."""
    files = [
        *paths.NOTEBOOKS.glob("*.ipynb"),
        *(p for p in paths.BOOK.rglob("*") if p.is_file()),
        *package_files(),
        paths.ROOT / "_config.yml",
        paths.ROOT / "_toc.yml",
        paths.ROOT / "requirements.txt",
    ]
    return [f for f in files if "generated" not in f.parts]


def inputs_digest(
    year: int, data_root: Path, data_root_parameter: str, langs: tuple[str, ...], fonts: tuple[Path, ...]
) -> str:
    """One hash of everything the edition is built from, the environment, the languages and every data folder."""
    data = {folder.name: folder_digest(folder) for folder in paths.year_folders(data_root)}
    data[divisions.FILE] = file_digest(divisions.registry_path(data_root))  # every edition's districts
    return tree_digest(
        source_files(),
        {
            "year": year,
            "data_root": data_root_parameter,
            "data": data,
            "environment": environment_digest(fonts),
            "languages": list(langs),
        },
    )


def tree_manifest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): file_sha(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def write(edition_dir: Path, inputs: str, manifest: dict[str, str], fonts: tuple[Path, ...], summary: str) -> str:
    """The stamp's text: the inputs digest, the font files it covers, the published files, and what is left
    before release when the edition is a draft (``summary``, empty otherwise)."""
    return json.dumps(
        {"inputs": inputs, "fonts": [str(f) for f in fonts], "html": manifest, "draft": summary},
        indent=0,
        ensure_ascii=False,
    )


def read(edition_dir: Path) -> dict | None:
    try:
        stamp = json.loads((Path(edition_dir) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def published_is_current(edition_dir: Path, inputs: str, report) -> bool:
    """The stamp matches ``inputs`` and the published files are exactly the ones that build wrote."""
    stamp = read(edition_dir)
    if stamp is None or stamp.get("inputs") != inputs:
        return False
    if tree_manifest(Path(edition_dir) / "html") != stamp.get("html"):
        report(f"{Path(edition_dir) / 'html'} 中的文件与上次发布时不同（被改动或删除过），重新构建")
        return False
    return True


def recorded_fonts(edition_dir: Path) -> tuple[Path, ...] | None:
    """The font files the last build's figures were drawn with, as its stamp records them."""
    stamp = read(edition_dir)
    fonts = stamp.get("fonts") if stamp else None
    return tuple(Path(f) for f in fonts) if isinstance(fonts, list) else None


def draft_summary(edition_dir: Path) -> str:
    stamp = read(edition_dir)
    return str(stamp.get("draft", "")) if stamp else ""


def data_root_parameter(data_root: str | Path | None) -> str:
    """The notebooks' ``data_root`` parameter: empty for the project's data/, else an absolute path."""
    return str(Path(data_root).resolve()) if data_root else ""


def asked_languages(value: str | None) -> tuple[str, ...] | None:
    """``--langs`` as the build reads it, or None when it names an unknown language (the build says which)."""
    known = languages.codes()
    asked = [v.strip() for v in (value or "").replace(" ", ",").split(",") if v.strip()]
    if any(v not in known for v in asked):
        return None
    return tuple(code for code in known if code in asked) if asked else known


def skip_if_current(year: int, data_root: str | Path | None, out_root: Path, langs: str | None, report=print) -> bool:
    """``make book`` when nothing changed: True (and one line said) when the published edition is what its inputs
    make now; False whenever anything needs the real build (which then says why, validates, and so on)."""
    edition_dir = Path(out_root) / str(year)
    fonts, asked = recorded_fonts(edition_dir), asked_languages(langs)
    if fonts is None or asked is None:
        return False
    started = time.perf_counter()
    try:
        with BuildLock(edition_dir, wait=False, report=report):
            remove_stale_stages(Path(out_root), str(year))  # of builds that were killed outright
            for published in ("html", "notebooks"):
                recover(edition_dir / published)
            inputs = inputs_digest(
                year, paths.data_dir(year, data_root).parent, data_root_parameter(data_root), asked, fonts
            )
            if not published_is_current(edition_dir, inputs, report):
                return False
    except Busy:
        return False
    draft = draft_summary(edition_dir)
    if draft:
        report(f"这是草稿：{draft}（make release 拒绝发布）")
    report(f"输入未变，{edition_dir / 'html'} 已是最新（{time.perf_counter() - started:.1f} s）")
    return True
