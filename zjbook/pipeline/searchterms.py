"""The domain's words, for Chinese search: jieba learns them so 复旦创新走廊 is one searchable term."""

from __future__ import annotations

import re
from pathlib import Path

from ..data.edition import Edition, items

#: Words of the book's own vocabulary that no data table spells out as a name.
BASE_TERMS = ("张江示范区", "张江", "紫竹高新区", "紫竹", "临港", "北斗", "互联网金融", "四新", "区县", "专栏")


def terms(ed: Edition) -> list[str]:
    """Zone, district, case and programme names and slogans, all read from the edition's data."""
    found: list[str] = list(BASE_TERMS)
    for u in ed.rows("districts.csv"):
        found += [u["district"], u["short_name"]]
    for c in ed.rows("cases.csv"):
        found += [c["title"], *items(c["slogan"])]
    for it in ed.rows("case_items.csv"):
        found += re.split(r"[：、]", it["item"])
    for t in ed.rows("themes.csv"):
        found += items(t["slogan"])
    for r in ed.rows("zizhu_items.csv"):
        found += items(r["name"])
    for r in ed.rows("collaborations.csv"):
        found.append(r["partner"])
    for r in ed.rows("district_industries.csv"):
        found.append(r["name"])
    for r in ed.rows("district_actions.csv"):
        found += [i for i in items(r["items"]) if "→" not in i]
    clean = [t.strip("“”《》（）() ") for t in found]
    return sorted({t for t in clean if 2 <= len(t) <= 20 and not re.search(r"[\s，。；]", t)})


def write_dictionary(ed: Edition, path: Path) -> Path:
    """A jieba user dictionary: one word a line, with a high frequency so jieba keeps it whole."""
    path.write_text("".join(f"{t} 100000 n\n" for t in terms(ed)), encoding="utf-8")
    return path
