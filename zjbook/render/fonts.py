"""Make sure the CJK font is installed and known to matplotlib."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys

import matplotlib

from .style import FONT_FAMILY, INSTALL_HINT, FontMissing


def _font_known_to_matplotlib() -> bool:
    from matplotlib import font_manager
    try:
        font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False)
        return True
    except ValueError:
        return False


def _installed_on_system() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":family"], capture_output=True, text=True).stdout
    return FONT_FAMILY in out


def _forget_font_cache() -> None:
    for cache in glob.glob(os.path.join(matplotlib.get_cachedir(), "fontlist-*.json")):
        os.remove(cache)


def ensure_font(report=print) -> None:
    """Install fonts-noto-cjk on Debian as root; elsewhere stop with the command to run."""
    if _font_known_to_matplotlib():
        return
    if not _installed_on_system():
        can_install = os.geteuid() == 0 and shutil.which("apt-get") and os.path.exists("/etc/debian_version")
        if not can_install:
            raise FontMissing(f"缺少中文字体 {FONT_FAMILY}。请先运行：{INSTALL_HINT}")
        report("安装中文字体 fonts-noto-cjk …")
        for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "fonts-noto-cjk"]):
            if subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}).returncode:
                raise FontMissing(f"安装失败：{' '.join(cmd)}；请手动运行：{INSTALL_HINT}")
    _forget_font_cache()
    # matplotlib reads its cache once per process: check in a fresh one.
    check = subprocess.run([sys.executable, "-c", "from zjbook.render.style import font_path; font_path()"],
                           capture_output=True, text=True)
    if check.returncode:
        raise FontMissing(f"已安装字体但 matplotlib 找不到 {FONT_FAMILY}；请删除 {matplotlib.get_cachedir()} 后重试")
