"""Whether this environment has every distribution ``requirements.txt`` pins, at the pinned version.

``make setup`` asks before it runs pip, which takes seconds to find that there is nothing to do (a new clone beside
a venv that already has everything): ``python -m zjbook.installed requirements.txt`` exits 0 when every pin is
installed as pinned, 1 otherwise (pip then installs what is missing). Standard library only: it runs in a new,
empty venv too.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

#: A plain pin, ``name==version``; any other line (an option, a marker, a range) is left to pip.
PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def unmet(requirements: Path) -> list[str]:
    """The lines of ``requirements`` this environment does not satisfy as written."""
    unmet_lines = []
    for raw in Path(requirements).read_text(encoding="utf-8").splitlines():
        line = re.sub(r"(^|\s+)#.*$", "", raw).strip()  # a comment, as pip reads one
        if not line:
            continue
        pin = PIN.fullmatch(line)
        try:
            if pin is None or metadata.version(pin.group(1)) != pin.group(2):
                unmet_lines.append(line)
        except metadata.PackageNotFoundError:
            unmet_lines.append(line)
    return unmet_lines


if __name__ == "__main__":
    sys.exit(1 if unmet(Path(sys.argv[1])) else 0)
