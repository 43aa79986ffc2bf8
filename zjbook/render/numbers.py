"""Numbers as the report writes them: 3.12万亿元, 987亿元, 65亿美元, 约880亿元, 321多家, 6.4% (examples made up)."""
from __future__ import annotations

import math


#: How the report writes each qualifier code of the data: (prefix, suffix) around the number.
QUALIFIER_AFFIXES: dict[str, tuple[str, str]] = {
    "exact": ("", ""),
    "about": ("约", ""),
    "nearly": ("近", ""),
    "more_than": ("", "多"),
    "upwards_of": ("", "余"),
}

#: Money units stored in 亿 of a currency, mapped to that currency's name.
_MONEY = {"亿元": "元", "亿美元": "美元"}


def plain(x: float, decimals: int = 2) -> str:
    """A number with at most ``decimals`` decimals and no trailing zeros: 3.12, 987, 31.75."""
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"not a finite number: {x}")
    text = f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def scaled(value: float, unit: str) -> tuple[str, str]:
    """Split a value into its printed number and unit, moving money to 万亿 or 万 as the report does."""
    value = float(value)
    if unit in _MONEY:
        currency = _MONEY[unit]
        if abs(value) >= 10000:
            return plain(value / 10000), "万亿" + currency
        if 0 < abs(value) < 1:
            return plain(value * 10000), "万" + currency
    return plain(value), unit


def qualified(number: str, unit: str, qualifier: str = "exact") -> str:
    prefix, suffix = QUALIFIER_AFFIXES[qualifier or "exact"]
    return f"{prefix}{number}{suffix}{unit}"


def amount(value: float, unit: str, qualifier: str = "exact") -> str:
    """``amount(31200, "亿元")`` → ``"3.12万亿元"``; ``amount(321, "家", "more_than")`` → ``"321多家"``."""
    number, unit = scaled(value, unit)
    return qualified(number, unit, qualifier)


def percent(pct: float, qualifier: str = "exact") -> str:
    """``percent(6.4)`` → ``"6.4%"``; ``percent(10, "about")`` → ``"约10%"``; signs kept."""
    return qualified(plain(pct, 1), "%", qualifier)


def growth_phrase(pct: float, qualifier: str = "exact") -> str:
    """Growth in words that follow the sign: 增长6.4%, 下降3.5%, 与上年持平."""
    if pct > 0:
        return "增长" + percent(pct, qualifier)
    if pct < 0:
        return "下降" + percent(-pct, qualifier)
    return "与上年持平"


def points(diff: float) -> str:
    """A difference of two rates: 5.1个百分点."""
    return f"{plain(abs(diff), 1)}个百分点"


def times(ratio: float) -> str:
    """A ratio: 2.5倍."""
    return f"{plain(ratio, 1)}倍"


def period_label(start: str | None, end: str | None) -> str:
    """Months ``YYYY-MM`` to words: Jan–Nov of a year → ``"Y年1—11月"``; open start → ``"截至Y年M月"``."""
    def ym(s: str) -> tuple[int, int]:
        y, m = s.split("-")
        return int(y), int(m)
    if not isinstance(end, str) or not end:
        return ""
    ey, em = ym(end)
    if not isinstance(start, str) or not start:
        return f"截至{ey}年{em}月"
    sy, sm = ym(start)
    if (sy, sm) == (ey, em):
        return f"{ey}年{em}月"
    if sy == ey:
        return f"{ey}年全年" if (sm, em) == (1, 12) else f"{ey}年{sm}—{em}月"
    return f"{sy}年{sm}月—{ey}年{em}月"
