"""One problem found in a data folder: where it is, what is wrong, how to fix it.

Validation, the plausibility checks against the previous edition and the review state all
speak in problems, so the command line, the build and the draft's review page can list them
the same way: one line each, grouped by file, errors apart from warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    path: Path  # the file (or folder) the problem is in
    message: str  # what is wrong, in Chinese, no trailing full stop
    line: int | None = None  # line of the file; the header is line 1
    column: str | None = None
    fix: str = ""  # how to fix it, in Chinese
    severity: str = ERROR  # ERROR stops the build; WARNING is listed and must be acknowledged before release
    code: str = ""  # a stable id for warnings (e.g. "magnitude:zj_total_revenue"), used to acknowledge them

    @property
    def where(self) -> str:
        text = Path(self.path).name
        if self.line is not None:
            text += f" 第{self.line}行"
        if self.column is not None:
            text += f" 列 {self.column}"
        return text

    def __str__(self) -> str:
        label = "错误" if self.severity == ERROR else "警告"
        return f"{label}：{self.where}：{self.message}" + (f"。修改：{self.fix}" if self.fix else "")
