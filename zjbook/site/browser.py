"""Headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright, and how to make sure it is there."""
from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
INSTALL_HINT = "sudo apt-get install -y chromium"


class BrowserMissing(RuntimeError):
    pass


def ensure_chromium(report=print) -> str:
    """Install Debian's chromium when missing and running as root; otherwise say how. Never downloads a browser."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise BrowserMissing(f"缺少 {CHROMIUM}；请运行：{INSTALL_HINT}")
    report("安装 chromium …")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        if subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env).returncode:
            raise BrowserMissing(f"安装失败：{' '.join(cmd)}；请手动运行：{INSTALL_HINT}")
    return CHROMIUM


@contextmanager
def chromium():
    """A Playwright browser on Debian's Chromium."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 — heavy; only when a browser is wanted
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=ensure_chromium(), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()
