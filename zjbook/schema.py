"""The data contract: every file of ``data/<year>/``, its columns, types and vocabularies.

One declaration serves three readers: the validator (:mod:`zjbook.validate`), the loader
(:mod:`zjbook.edition`) and the data appendix of the book, which prints these
descriptions as the data dictionary.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# --- vocabularies -----------------------------------------------------------------------

#: Units a figure may carry, with what they mean. Money is stored in 亿 (10^8) of its currency;
#: the formatter prints 万亿 when the amount reaches 10 000 亿, as the report does.
UNITS: dict[str, str] = {
    "亿元": "亿元人民币（10^8 元）",
    "亿美元": "亿美元（10^8 美元）",
    "家": "机构或企业的个数",
    "件": "专利件数",
    "个": "园区、分园、区县或集群的个数",
    "人": "人数",
}
#: Units whose values are counts: they must be whole numbers.
COUNT_UNITS = frozenset({"家", "件", "个", "人"})

#: How exact a figure is, and how the report writes it: (prefix, suffix) around the number.
QUALIFIERS: dict[str, tuple[str, str, str]] = {
    "exact": ("", "", "确数"),
    "about": ("约", "", "约数，报告写作“约…”"),
    "nearly": ("近", "", "接近而不足，报告写作“近…”"),
    "more_than": ("", "多", "多于，报告写作“…多”"),
    "upwards_of": ("", "余", "多于，报告写作“…余”"),
}

#: What a figure counts over its period.
BASIS: dict[str, str] = {
    "flow": "期内发生额（如收入、产值）",
    "cumulative": "自设立以来累计至期末",
    "stock": "期末拥有的数量",
    "event": "一次活动的规模",
}

#: The report's sections that data may cite.
SECTIONS: dict[str, str] = {
    "4.1": "示范引领，张江先行",
    "4.2": "区县：新常态下谋创新",
}

#: Sane bounds for a year-on-year growth rate, in percent.
GROWTH_BOUNDS = (-100.0, 1000.0)


# --- declarations -----------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | code | number | month | date | int
    description: str
    required: bool = True
    vocabulary: str | None = None  # a name from VOCABULARIES, or "districts" for district names
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Table:
    file: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required_keys: tuple[str, ...] = ()
    optional: bool = False
    district_columns: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


VOCABULARIES: dict[str, dict] = {
    "units": UNITS,
    "qualifiers": QUALIFIERS,
    "basis": BASIS,
    "sections": SECTIONS,
}

_SOURCE = (
    Column("section", "text", "在报告中的节号（4.1 或 4.2）", vocabulary="sections"),
    Column("heading", "text", "在报告中的小标题或专栏标题"),
)

FIGURE_COLUMNS: tuple[Column, ...] = (
    Column("id", "code", "指标的稳定标识，跨年份不变，供笔记本引用"),
    Column("subject", "text", "指标所属主体（示范区、园区或区县）"),
    Column("indicator", "text", "指标名称"),
    Column("value", "number", "数值，以 unit 为单位；金额以“亿”为单位存放", minimum=0),
    Column("unit", "text", "单位，取自单位表", vocabulary="units"),
    Column("qualifier", "code", "数值的确切程度，取自限定词表", vocabulary="qualifiers"),
    Column("growth_pct", "number", "同比增长率（%），负数表示下降；无则留空", required=False,
           minimum=GROWTH_BOUNDS[0], maximum=GROWTH_BOUNDS[1]),
    Column("growth_qualifier", "code", "增长率的确切程度；有增长率时必填", required=False,
           vocabulary="qualifiers"),
    Column("period_start", "month", "统计期起始月份（YYYY-MM）；时点数或未注明时留空", required=False),
    Column("period_end", "month", "统计期截止月份（YYYY-MM）；报告未注明时留空", required=False),
    Column("basis", "code", "统计口径，取自口径表", vocabulary="basis"),
    Column("part_of", "code", "若本指标是同表另一指标的组成部分，填那一指标的 id", required=False),
    Column("note", "text", "口径说明或注意事项", required=False),
) + _SOURCE


def _figures(file: str, title: str, description: str, required: tuple[str, ...] = (),
             optional: bool = False, district_columns: tuple[str, ...] = ()) -> Table:
    return Table(file, title, description, FIGURE_COLUMNS, ("id",), required, optional,
                 district_columns)


TABLES: tuple[Table, ...] = (
    Table(
        "edition.csv", "版次信息",
        "本版次的年份、报告名称、书名等，供书页标题与说明使用。",
        (
            Column("key", "code", "条目名"),
            Column("value", "text", "条目内容"),
            Column("note", "text", "条目说明", required=False),
        ),
        ("key",),
        ("year", "report", "part", "part_title", "book_title", "book_subtitle", "data_as_of"),
    ),
    _figures("zhangjiang_indicators.csv", "张江示范区主要经济指标",
             "示范区总收入、工业总产值、出口创汇、净利润及其同比增长。",
             ("zj_total_revenue", "zj_industrial_output", "zj_export", "zj_net_profit")),
    _figures("zhangjiang_structure.csv", "张江示范区园区构成",
             "示范区、分园与覆盖区县的个数，以及未计入主要指标的新纳入分园。",
             ("zj_zones", "zj_subparks", "zj_districts_covered")),
    _figures("zhangjiang_resources.csv", "张江示范区创新资源",
             "报告信息图列出的九类国家级创新机构与企业的数量。"),
    _figures("zizhu_figures.csv", "紫竹国家高新技术产业开发区主要数据",
             "入驻企业、合同外资、专利授权、技工贸收入与活动规模。", optional=True),
    _figures("district_figures.csv", "区县案例中的数据",
             "区县“四新”经济与专栏案例中出现的数量；subject 须为区县名。", optional=True,
             district_columns=("subject",)),
    Table(
        "districts.csv", "2014年上海市的17个区县",
        "报告年份的区县建制、示意瓦片地图的网格位置，以及报告之后的区划变化。",
        (
            Column("district", "text", "区县全称（报告年份的建制）"),
            Column("short_name", "text", "简称，用于图中标注"),
            Column("kind", "text", "区或县"),
            Column("zone_type", "text", "中心城区、浦东新区或郊区"),
            Column("tile_row", "int", "示意瓦片地图中的行（0 为最北）", minimum=0, maximum=20),
            Column("tile_col", "int", "示意瓦片地图中的列（0 为最西）", minimum=0, maximum=20),
            Column("later_change", "text", "报告之后的区划变化（非报告内容）", required=False),
        ) + _SOURCE,
        ("district",),
    ),
)

TABLES_BY_FILE: dict[str, Table] = {t.file: t for t in TABLES}
