"""How each language writes numbers: one interface, two styles; a language declares its style in
``zjbook/languages.toml`` and its words (scales, qualifiers, months …) in ``wording/<lang>/numbers.toml``.

* ``numbers = "chinese"`` — the report's own way (:mod:`zjbook.data.printed`): 3.12万亿元, 321多家, 增长6.4%.
* ``numbers = "western"`` — short-scale words and separators from the wording file: RMB 3.12 trillion,
  more than 321, up 6.4%. Another Western language words in its ``numbers.toml`` only what differs from the
  languages of the same style it falls back to (entry by entry: the rest is theirs). Percentage points, multiples
  and the per cent sign are still written the English way (decimal point, "%" without a space).

Values arrive as the data stores them (money in 亿 of a currency); nothing here decides *what* to say.
"""

from __future__ import annotations

from decimal import Decimal

from ..data import printed as numbers


class _Style:
    """What every number style gives the templates as filters (each style defines them)."""

    def filters(self) -> dict:
        return {name: getattr(self, name) for name in ("series", "share", "points", "times", "count")}


class ChineseNumbers(_Style):
    """The report's conventions; every method delegates to :mod:`zjbook.data.printed`."""

    def __init__(self, words: dict):
        self.words = words

    amount = staticmethod(numbers.amount)
    percent = staticmethod(numbers.percent)
    growth_phrase = staticmethod(numbers.growth_phrase)
    share = staticmethod(numbers.share)
    change_phrase = staticmethod(numbers.change_phrase)
    points = staticmethod(numbers.points)
    times = staticmethod(numbers.times)
    period_label = staticmethod(numbers.period_label)

    def count(self, n: int) -> str:
        return str(int(n))

    def prose_amount(self, value: float, unit: str, qualifier: str = "exact") -> str:
        """An amount in running text: 多/余 after a number that does not end in zero is not grammatical prose
        (321多家, a made-up number), so such a lower bound reads 超过321家; every other amount as :meth:`amount` writes it."""
        text = numbers.amount(value, unit, qualifier)
        if qualifier in ("more_than", "upwards_of"):  # 超过… ("over") is prose already
            bare = numbers.amount(value, unit, "exact")
            digits = bare.rstrip("".join(c for c in bare if not (c.isdigit() or c == ".")))
            if digits and digits[-1] not in "0.":
                return self.words.get("more_than_prose", "超过{n}").format(n=bare)
        return text

    def number(self, x: float, decimals: int = 2) -> str:
        return numbers.plain(x, decimals)

    def series(self, items) -> str:
        """Items joined with 顿号; two items with the pair word (GB/T 15834: 两项并列时用“和”)."""
        items = [str(i) for i in items]
        if len(items) == 2 and "pair" in self.words:
            return self.words["pair"].format(a=items[0], b=items[1])
        return self.words.get("list_separator", "、").join(items)


class WesternNumbers(_Style):
    """Thousands separators, short-scale words (thousand million billion trillion), qualifiers as words."""

    def __init__(self, words: dict):
        self.words = words
        self.thousands = words.get("thousands_separator", ",")
        self.decimal = words.get("decimal_separator", ".")
        self.qualifiers: dict[str, str] = words["qualifiers"]
        self.money: dict[str, str] = words["money"]
        self.scales = sorted(((Decimal(str(v)), name) for name, v in words["scales"].items()), reverse=True)
        self.growth = words["growth"]
        self.change = words["change"]
        self.months: list[str] = words["months"]
        self.periods = words["periods"]
        self.small = words.get("small_numbers", [])

    # --- plain numbers -------------------------------------------------------------------
    def _digits(self, x: Decimal | float, decimals: int, strip: bool = True) -> str:
        x = Decimal(str(x))
        if not x.is_finite():
            raise ValueError(f"not a finite number: {x}")
        text = f"{x:,.{decimals}f}"
        if text.startswith("-") and Decimal(text.replace(",", "")) == 0:
            text = text[1:]
        if strip and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(",", "\0").replace(".", self.decimal).replace("\0", self.thousands)

    def number(self, x: float, decimals: int = 2) -> str:
        return self._digits(x, decimals)

    def count(self, n: int) -> str:
        """Small whole numbers as words (three themes), larger ones as digits (1,234)."""
        n = int(n)
        return self.small[n] if 0 <= n < len(self.small) else self._digits(n, 0)

    def prose_amount(self, value: float, unit: str, qualifier: str = "exact") -> str:
        return self.amount(value, unit, qualifier)

    def _qualified(self, text: str, qualifier: str | None) -> str:
        return self.qualifiers[qualifier or "exact"].format(n=text)

    # --- amounts -------------------------------------------------------------------------
    def amount(self, value: float, unit: str, qualifier: str = "exact") -> str:
        """``amount(31200, "亿元")`` → ``RMB 3.12 trillion``; ``amount(321, "家", "more_than")`` → ``more than 321``."""
        if unit in self.money:
            # stored in 亿 (10^8) with at most two decimals, so the printed figure keeps 10^6 precision
            units = Decimal(str(value)) * Decimal(10) ** 8
            scale, name = next(((s, n) for s, n in self.scales if abs(units) >= s), (Decimal(1), ""))
            decimals = max(0, len(str(int(scale))) - 1 - 6)
            text = self._digits(units / scale, decimals)
            if (
                abs(Decimal(text.replace(self.thousands, "").replace(self.decimal, "."))) >= 1000
                and scale != self.scales[0][0]
            ):
                bigger = [(s, n) for s, n in self.scales if s > scale][-1]
                scale, name = bigger
                text = self._digits(units / scale, max(0, len(str(int(scale))) - 1 - 6))
            if units != 0 and Decimal(text.replace(self.thousands, "").replace(self.decimal, ".")) == 0:
                return self.money[unit].format(n=self.words["less_than"].format(n="0.01") + " " + name).strip()
            number = f"{text} {name}".strip()
            return self._qualified(self.money[unit].format(n=number), qualifier)
        return self._qualified(self._digits(value, 2), qualifier)

    # --- rates ---------------------------------------------------------------------------
    def percent(self, pct: float, qualifier: str = "exact") -> str:
        qualifier = qualifier or "exact"
        text = self._digits(pct, 1, strip=qualifier != "exact") + "%"
        return self._qualified(text, qualifier)

    def growth_phrase(self, pct: float, qualifier: str = "exact") -> str:
        qualifier = qualifier or "exact"
        if pct == 0 and qualifier == "exact":
            return self.growth["flat"]
        sign = numbers.growth_sign(pct)
        if sign == 0:
            return self.growth["about_flat"]
        if sign > 0:
            return self.growth["up"].format(p=self.percent(pct, qualifier))
        if -100 < pct and float(numbers.fixed(pct, 1)) <= -100:
            return self.growth["down"].format(p=self.words["more_than_999"])
        return self.growth["down"].format(p=self.percent(-pct, qualifier))

    def share(self, pct: float) -> str:
        text = numbers.fixed(pct, 1)
        if pct > 0 and float(text) == 0:
            return self.words["less_than"].format(n="0.1%")
        if pct < 100 and float(text) >= 100:
            return self.words["more_than_999"]
        return self._digits(Decimal(text), 1, strip=False) + "%"

    def change_phrase(self, pct: float) -> str:
        if pct == 0:
            return self.change["flat"]
        if float(numbers.fixed(pct, 1)) == 0:
            return self.change["about_flat"]
        if pct > 0:
            return self.change["up"].format(p=numbers.fixed(pct, 1) + "%")
        if pct > -100 and float(numbers.fixed(pct, 1)) <= -100:
            return self.change["down"].format(p=self.words["more_than_999"])
        return self.change["down"].format(p=numbers.fixed(-pct, 1) + "%")

    def points(self, diff: float) -> str:
        text = numbers.fixed(abs(diff), 1)
        if diff and float(text) == 0:
            text = self.words["less_than"].format(n="0.1")
        return self.words["points"].format(n=text)

    def times(self, ratio: float) -> str:
        return self.words["times"].format(n=numbers.plain(ratio, 1))

    # --- periods -------------------------------------------------------------------------
    def period_label(self, start: str | None, end: str | None) -> str:
        kind, parts = numbers.period_parts(start, end)
        if not kind:
            return ""
        named = {k: self.months[v - 1] if k.startswith("m") else v for k, v in parts.items()}
        return self.periods[kind].format(**named)

    def series(self, items) -> str:
        items = [str(i) for i in items]
        if len(items) <= 1:
            return "".join(items)
        for ending, plural in self.words.get("common_endings", {}).items():
            if all(i.endswith(ending) and len(i) > len(ending) for i in items):
                return self.series([i[: -len(ending)] for i in items]) + plural
        if len(items) == 2:
            return self.words["pair"].format(a=items[0], b=items[1])
        return self.words["list"].format(head=", ".join(items[:-1]), last=items[-1])


STYLES = {"chinese": ChineseNumbers, "western": WesternNumbers}


def number_style(style: str, words: dict):
    """The number style a language declares in the registry (``numbers``), with its ``numbers.toml`` words."""
    if style not in STYLES:
        raise ValueError(f"numbers must be one of {', '.join(STYLES)}, not {style!r}")
    return STYLES[style](words)


__all__ = ["ChineseNumbers", "WesternNumbers", "number_style"]
