"""``make setup`` runs pip only when a pin of requirements.txt is not installed as pinned (zjbook/installed.py)."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

from zjbook import paths
from zjbook.installed import unmet


def test_a_pin_is_met_only_by_that_version_installed(tmp_path):
    jieba = metadata.version("jieba")
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        "# the environment\n"
        f"jieba=={jieba}  # the search's words\n"
        "\n"
        f"Jinja2=={metadata.version('jinja2')}\n"
        "jieba==0.0.1\n"
        "no-such-distribution==1.0\n"
        "pandas>=1\n",
        encoding="utf-8",
    )
    assert unmet(requirements) == ["jieba==0.0.1", "no-such-distribution==1.0", "pandas>=1"]


def test_this_environment_meets_requirements_txt_and_the_command_says_so(tmp_path):
    assert unmet(paths.ROOT / "requirements.txt") == []
    command = [sys.executable, "-m", "zjbook.installed"]
    assert subprocess.run([*command, str(paths.ROOT / "requirements.txt")], cwd=paths.ROOT).returncode == 0
    (tmp_path / "more.txt").write_text("no-such-distribution==1.0\n", encoding="utf-8")
    assert subprocess.run([*command, str(tmp_path / "more.txt")], cwd=paths.ROOT).returncode == 1
