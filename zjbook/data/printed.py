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
    "over": ("超过", ""),
}

#: Money units stored in 亿 of a currency, mapped to that currency's name.
_MONEY = {"亿元": "元", "亿美元": "美元"}


def plain(x: float, decimals: int = 2) -> str:
    """A number with at most ``decimals`` decimals and no trailing zeros: 3.12, 987, 31.75."""
    text = fixed(x, decimals).rstrip("0").rstrip(".") if decimals else fixed(x, 0)
    return text or "0"


def fixed(x: float, decimals: int = 1) -> str:
    """A number with exactly ``decimals`` decimals (4.0, 6.4); a value that rounds to zero never reads "-0"."""
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"not a finite number: {x}")
    text = f"{x:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


#: The smallest amount printed in each money unit (two decimals).
_TINY = "0.01"


def scaled(value: float, unit: str) -> tuple[str, str]:
    """Split a value into its printed number and unit, moving money to 万亿 or 万 as the report does, and a count
    of ten thousand or more (in whole hundreds) to 万: 24000家 → 2.4万家.

    The unit is chosen from the number as printed (rounded), so 9999.999亿元 reads 1万亿元, never 10000亿元."""
    value = float(value)
    if unit in _MONEY:
        currency = _MONEY[unit]
        if abs(float(plain(value))) >= 10000:
            return plain(value / 10000), "万亿" + currency
        if 0 < abs(value) < 1:
            small = plain(value * 10000)
            if abs(float(small)) >= 10000:  # 0.999999亿 rounds to 1亿, not 10000万
                return plain(value), unit
            if float(small) == 0:
                return "不到" + _TINY, "万" + currency
            return small, "万" + currency
    # a count of ten thousand or more in 万, as the report writes it (2.4万多家), when that is exact in two decimals
    if unit not in ("%", "") and abs(value) >= 10000 and round(value) == value and int(value) % 100 == 0:
        return plain(value / 10000) + "万", unit
    return plain(value), unit


def qualified(number: str, unit: str, qualifier: str = "exact") -> str:
    prefix, suffix = QUALIFIER_AFFIXES[qualifier or "exact"]
    if number.startswith("不到"):  # a bound already; a qualifier on top of it would say nothing more
        return f"{number}{unit}"
    if unit == "%":  # 10%多, not 10多%
        return f"{prefix}{number}%{suffix}"
    return f"{prefix}{number}{suffix}{unit}"


def amount(value: float, unit: str, qualifier: str = "exact") -> str:
    """``amount(31200, "亿元")`` → ``"3.12万亿元"``; ``amount(321, "家", "more_than")`` → ``"321多家"``."""
    number, unit = scaled(value, unit)
    return qualified(number, unit, qualifier)


def percent(pct: float, qualifier: str = "exact") -> str:
    """A stated rate: exact ones with one decimal (``percent(4)`` → ``"4.0%"``, ``percent(-3.4)`` → ``"-3.4%"``);
    qualified ones as the report gives them (``percent(10, "about")`` → ``"约10%"``)."""
    qualifier = qualifier or "exact"
    number = fixed(pct, 1) if qualifier == "exact" else plain(pct, 1)
    return qualified(number, "%", qualifier)


def _rounds_to_zero(pct: float) -> bool:
    return float(fixed(pct, 1)) == 0


def growth_sign(pct: float) -> int:
    """+1, -1 or 0 as the rate reads once rounded to one decimal (−0.04 reads as flat, not as a fall)."""
    return 0 if _rounds_to_zero(pct) else (1 if pct > 0 else -1)


def growth_phrase(pct: float, qualifier: str = "exact") -> str:
    """Growth in words that follow the sign: 增长6.4%, 下降3.5%, 与上年持平 (exactly 0),
    与上年基本持平 (a rate that rounds to 0.0, or an approximate zero)."""
    qualifier = qualifier or "exact"
    if pct == 0 and qualifier == "exact":
        return "与上年持平"
    sign = growth_sign(pct)
    if sign == 0:
        return "与上年基本持平"
    if sign > 0:
        return "增长" + percent(pct, qualifier)
    if -100 < pct and float(fixed(pct, 1)) <= -100:
        return "下降超过99.9%"
    return "下降" + percent(-pct, qualifier)


def share(pct: float) -> str:
    """A computed share of a whole, one decimal: ``share(85.71)`` → ``"85.7%"``; never a false 0% or 100%:
    ``share(0.004)`` → ``"不到0.1%"``, ``share(99.97)`` → ``"超过99.9%"``."""
    text = fixed(pct, 1)
    if pct > 0 and float(text) == 0:
        return "不到0.1%"
    if pct < 100 and float(text) >= 100:
        return "超过99.9%"
    return text + "%"


def change_phrase(pct: float) -> str:
    """A computed change between two values, in words: 增加12.3%, 减少5.0%, 基本持平, 持平,
    减少超过99.9% (a near-total drop that is not total), 减少100% (down to zero)."""
    if pct == 0:
        return "持平"
    if _rounds_to_zero(pct):
        return "基本持平"
    if pct > 0:
        return "增加" + fixed(pct, 1) + "%"
    if pct > -100 and float(fixed(pct, 1)) <= -100:
        return "减少超过99.9%"
    return "减少" + fixed(-pct, 1) + "%"


def points(diff: float) -> str:
    """A difference of two rates: 5.1个百分点; a difference that rounds to nothing reads 不到0.1个百分点."""
    text = fixed(abs(diff), 1)
    return ("不到0.1" if diff and float(text) == 0 else text) + "个百分点"


def times(ratio: float) -> str:
    """A ratio: 2.5倍."""
    return f"{plain(ratio, 1)}倍"


def period_parts(start: str | None, end: str | None) -> tuple[str, dict[str, int]]:
    """The shape of a period of months ``YYYY-MM`` and its numbers, for any language to word:
    ``("months", {"y": Y, "m1": 1, "m2": 11})``; also ``until`` (open start), ``month``, ``year`` (January to
    December) and ``span`` (across years); ``("", {})`` without an end."""

    def ym(s: str) -> tuple[int, int]:
        y, m = s.split("-")
        return int(y), int(m)

    if not isinstance(end, str) or not end:
        return "", {}
    ey, em = ym(end)
    if not isinstance(start, str) or not start:
        return "until", {"y": ey, "m": em}
    sy, sm = ym(start)
    if (sy, sm) == (ey, em):
        return "month", {"y": ey, "m": em}
    if sy == ey:
        return ("year", {"y": ey}) if (sm, em) == (1, 12) else ("months", {"y": ey, "m1": sm, "m2": em})
    return "span", {"y1": sy, "m1": sm, "y2": ey, "m2": em}


#: How the report words each shape of period (see :func:`period_parts`).
_PERIODS = {
    "": "",
    "until": "截至{y}年{m}月",
    "month": "{y}年{m}月",
    "year": "{y}年全年",
    "months": "{y}年{m1}—{m2}月",
    "span": "{y1}年{m1}月—{y2}年{m2}月",
}


def period_label(start: str | None, end: str | None) -> str:
    """Months ``YYYY-MM`` to words: Jan–Nov of a year → ``"Y年1—11月"``; open start → ``"截至Y年M月"``."""
    kind, parts = period_parts(start, end)
    return _PERIODS[kind].format(**parts)
