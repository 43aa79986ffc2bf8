"""Make sure every font the figures use (``figure_fonts`` of ``zjbook/languages.toml``) is installed and known
to matplotlib; on Debian, as root, install the packages that hold them."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys

import matplotlib

from .. import languages
from .style import FontMissing, figure_font_families, font_path, install_hint


def _known_to_matplotlib(family: str) -> bool:
    try:
        font_path(family)
        return True
    except FontMissing:
        return False


def _installed_on_system(family: str) -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":family"], capture_output=True, text=True).stdout
    return any(family in line.split(",") for line in out.splitlines())


def _forget_font_cache() -> None:
    for cache in glob.glob(os.path.join(matplotlib.get_cachedir(), "fontlist-*.json")):
        os.remove(cache)


def _install(packages: list[str], report) -> None:
    can_install = os.geteuid() == 0 and shutil.which("apt-get") and os.path.exists("/etc/debian_version")
    if not can_install:
        raise FontMissing(f"缺少字体。请先运行：sudo apt-get install -y {' '.join(packages)}")
    report(f"安装字体 {' '.join(packages)} …")
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *packages]):
        if subprocess.run(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        ).returncode:
            raise FontMissing(f"安装失败：{' '.join(cmd)}；请手动运行：sudo apt-get install -y {' '.join(packages)}")


def ensure_font(report=print) -> None:
    """Install the missing font packages on Debian as root; elsewhere stop with the command to run."""
    families = figure_font_families()
    missing = [f for f in families if not _known_to_matplotlib(f)]
    if not missing:
        return
    packages = sorted(
        {languages.registry().font_packages.get(f, "fonts-noto-core") for f in missing if not _installed_on_system(f)}
    )
    if packages:
        _install(packages, report)
    _forget_font_cache()
    # matplotlib reads its cache once per process: check in a fresh one.
    code = "from zjbook.render.style import font_path\n" + "".join(f"font_path({f!r})\n" for f in missing)
    check = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if check.returncode:
        raise FontMissing(
            f"已安装字体但 matplotlib 找不到 {'、'.join(missing)}；请删除 {matplotlib.get_cachedir()} 后重试"
            f"（{'；'.join(install_hint(f) for f in missing)}）"
        )
