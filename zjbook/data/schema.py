"""The data contract: every file of ``data/<year>/``, its columns, types and vocabularies.

One declaration serves three readers: the validator (:mod:`zjbook.data.validate`), the loader
(:mod:`zjbook.data.edition`) and the data appendix of the book, which prints these
descriptions as the data dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import languages

# --- vocabularies -----------------------------------------------------------------------

#: Units a figure may carry, with what they mean. Money is stored in 亿 (10^8) of its currency;
#: the formatter prints 万亿 when the amount reaches 10 000 亿, as the report does.
UNITS: dict[str, str] = {
    "亿元": "亿元人民币（10⁸元）",
    "亿美元": "亿美元（10⁸美元）",
    "家": "机构或企业的个数",
    "件": "件数（专利、案件、合同等）",
    "个": "园区、分园、区县或集群的个数",
    "人": "人数",
    "人次": "人次（参加、参观或服务的次数，一人多次计多次）",
    "场": "活动、讲座或展会的场次",
    "套": "住房、设备等的套数",
    "项": "项目、成果或称号的项数",
    "条": "线路、条目的条数",
    "次": "次数（活动、发射等）",
    "颗": "卫星等的颗数",
    "辆": "车辆数",
    "亩": "面积（亩，约666.7平方米）",
}
#: Units whose values are counts: they must be whole numbers.
COUNT_UNITS = frozenset({"家", "件", "个", "人", "人次", "场", "套", "项", "条", "次", "颗", "辆"})

#: How exact a figure is. How each is written (约…, …多) is wording: see :mod:`zjbook.data.printed`.
QUALIFIERS: dict[str, str] = {
    "exact": "确数",
    "about": "约数，报告写作“约…”",
    "nearly": "接近而不足，报告写作“近…”",
    "more_than": "多于，报告写作“…多”",
    "upwards_of": "多于，报告写作“…余”",
    "over": "多于，报告写作“超过…”（不同于“…多”：40多亿元不到50亿元，超过40亿元没有上限）",
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

#: The table whose rows sit directly under each report section's own heading (the section's opening): their
#: ``heading`` is the section's title in that edition's report.
SECTION_OPENINGS: dict[str, str] = {"4.1": "zhangjiang_indicators.csv", "4.2": "districts.csv"}

#: Sane bounds for a year-on-year growth rate, in percent.
GROWTH_BOUNDS = (-100.0, 1000.0)

#: Bounds of a figure's ``value`` per unit: wide enough for any province-level figure, narrow enough
#: to refuse a slipped magnitude such as 1e308 (money is stored in 亿, so 1.2万亿元 is 12 000).
UNIT_BOUNDS: dict[str, tuple[float, float]] = {
    "亿元": (0.0, 1_000_000.0),  # up to 100万亿元
    "亿美元": (0.0, 200_000.0),  # up to 20万亿美元
    "家": (0.0, 10_000_000.0),
    "件": (0.0, 10_000_000.0),
    "个": (0.0, 100_000.0),
    "人": (0.0, 100_000_000.0),
    "人次": (0.0, 1_000_000_000.0),
    "场": (0.0, 10_000_000.0),
    "套": (0.0, 10_000_000.0),
    "项": (0.0, 10_000_000.0),
    "条": (0.0, 1_000_000.0),
    "次": (0.0, 100_000_000.0),
    "颗": (0.0, 100_000.0),
    "辆": (0.0, 100_000_000.0),
    "亩": (0.0, 100_000_000.0),  # Shanghai is under 10 million mu
}

# --- limits of a data file ----------------------------------------------------------------
# Checked before anything else reads the file, so hostile input fails early with its location.

#: Largest data file accepted, in bytes; a larger file is refused before it is parsed.
MAX_FILE_BYTES = 1_000_000
#: Most data rows in one file.
MAX_ROWS = 5_000
#: Longest cell, in characters (after spaces are trimmed).
MAX_CELL_CHARS = 500


def chinese_count(n: float) -> str:
    """A count as Chinese running text writes it (GB/T 15835: no thousands separator; 万 and 亿 for round ten thousands and hundred millions)."""
    if n >= 100_000_000 and n % 100_000_000 == 0:
        return f"{int(n) // 100_000_000}亿"
    return f"{int(n) // 10000}万" if n >= 10000 and n % 10000 == 0 else f"{n:g}"


#: The rules a data file must follow, one line each, for the data dictionary to print.
FILE_RULES: tuple[str, ...] = (
    "编码为UTF-8（可带BOM），换行为LF或CRLF，逗号分隔，第一行为表头；含逗号或引号的内容用英文双引号括起。"
    "Excel保存时请选“CSV UTF-8（逗号分隔）”，GBK/GB18030文件会被拒绝，可用make normalize YEAR=… 转换。",
    "数值只写阿拉伯数字（可带小数点与负号）：不带千位分隔符、%号、单位或“约”“近”“多”“余”等字，"
    "这些写在unit、qualifier、growth_qualifier列。全角数字与字母会自动转为半角。",
    "月份写作YYYY-MM，日期写作YYYY-MM-DD；在Excel中请把这些列设为文本，以免被改成日期。",
    f"每个文件不超过{chinese_count(MAX_FILE_BYTES)}字节、{chinese_count(MAX_ROWS)}行数据；每个单元格不超过{MAX_CELL_CHARS}个字符，"
    "不得含控制字符（如NUL、制表符、单元格内换行），也不得含看不见的格式字符（如从右至左强制U+202E等方向控制符、"
    "零宽空格U+200B；文件开头的BOM除外），make normalize YEAR=… 可以删去后者。",
    "数据文件夹中只放本数据字典列出的文件（以及工作文件review.csv）；不得有符号链接或子文件夹，"
    "以“.”开头的隐藏文件会被忽略并给出警告。",
    "各单位数值的合理范围："
    + "；".join(f"{u}{chinese_count(lo)}～{chinese_count(hi)}" for u, (lo, hi) in UNIT_BOUNDS.items())
    + f"；增长率{GROWTH_BOUNDS[0]:g}%～{GROWTH_BOUNDS[1]:g}%。",
)


# --- declarations -----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | code | number | month | date | int
    description: str
    required: bool = True
    vocabulary: str | None = None  # a name from VOCABULARIES
    references: str | None = None  # "file.csv:column" the value must appear in, or FIGURE_ID
    translated: bool = True  # a text column whose Chinese is shown as it is (a quotation), never translated
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

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


ZIZHU_KINDS = {
    "designation": "获批的国家级称号",
    "arrival": "成立、落户、开工或将入驻的机构",
    "partner": "签约合作方",
    "joint_centre": "在园区共建的联合创新中心",
}
CASE_KINDS = {
    "layout": "布局",
    "goal": "定位与目标",
    "function": "功能",
    "industry": "产业",
    "project": "项目与机构",
    "partner": "合作方",
    "measure": "举措",
}
INDUSTRY_KINDS = {
    "industry": "主要产业",
    "base": "产业基地与载体",
    "platform": "其他创新平台（不是产业基地的工作站、实验区等）",
}
PARTNER_TYPES = {
    "市级部门": "市级政府部门",
    "高校与科研院所": "高校、科研院所及其人员",
    "企业": "企业集团",
    "专家": "院士专家",
}
GLOSSARY_KINDS = {
    "district": "区县",
    "park": "园区、基地与功能区",
    "institution": "机构、企业与高校",
    "programme": "规划、计划、政策与活动",
    "slogan": "口号与格局的简称",
    "place": "地区与地名",
    "term": "术语",
    "foreign": "外国的机构与地名（译文即其原名，不括注中文）",
}
#: How a correction of the report's text stands (corrections.csv).
#: What kind of step a measure of the zone's themes is (the themes page compares the themes by it).
MEASURE_KINDS = {
    "policy": "政策文件",
    "layout": "布局调整",
    "system": "体系建设",
    "pilot": "改革试点",
    "goal": "发展目标",
    "result": "年内取得的成果（已实现的数量或结果，如“年内新增…120余家”）",
}
#: What the parties named in an event's ``organisers`` did: hosted it, signed it, or founded what it launched.
EVENT_ROLES = {
    "host": "主办方",
    "signatory": "签约方",
    "founder": "设立方",
}
CORRECTION_STATUS = {
    "corrected": "明显的笔误，数据中已改正",
    "uncertain": "可能有误，数据中照原文保留",
}
#: The kinds of glossary entries that are proper names: only these carry their Chinese original on a page in
#: another language (a slogan or a term is translated, not glossed).
PROPER_NAME_KINDS = frozenset({"district", "park", "institution", "programme", "place"})
#: The proper names that carry their Chinese original at first mention: the names of parks and places, whose English
#: is mostly the book's own rendering and which a reader may look up on a Chinese map or site. A district's name is
#: Shanghai's own romanisation and is not glossed; nor are slogans (they are quoted, not looked up).
GLOSSED_KINDS = frozenset({"park", "place"})
#: Kinds of name glossed only where the English is the book's own rendering (:func:`own_rendering`): an institution
#: or programme known by its own English name needs no Chinese beside it. Terms (concepts and national designations)
#: are not glossed: they are not names a reader looks up.
GLOSSED_WHEN_OWN = frozenset({"institution", "programme"})
#: How the glossary's note says an English name is the book's own: a descriptive translation or a transliteration.
OWN_RENDERING = re.compile(r"descriptive translation|transliterat")


def own_rendering(kind: str, note: str) -> bool:
    """Whether a glossary name's English is the book's own rendering, by its note."""
    return OWN_RENDERING.search(note) is not None


#: The languages the book's pages are written in besides the report's, as the registry declares them
#: (``zjbook/languages.toml``): the codes the ``lang`` column of the translation files may hold.
TARGET_LANGUAGES = {lang.code: lang.name_zh for lang in languages.registry().languages if not lang.is_source}

VOCABULARIES: dict[str, dict] = {
    "zizhu_kinds": ZIZHU_KINDS,
    "case_kinds": CASE_KINDS,
    "industry_kinds": INDUSTRY_KINDS,
    "partner_types": PARTNER_TYPES,
    "glossary_kinds": GLOSSARY_KINDS,
    "correction_status": CORRECTION_STATUS,
    "event_roles": EVENT_ROLES,
    "measure_kinds": MEASURE_KINDS,
    "languages": TARGET_LANGUAGES,
    "units": UNITS,
    "qualifiers": QUALIFIERS,
    "basis": BASIS,
    "sections": SECTIONS,
}

#: How each vocabulary is called in messages and in the data dictionary.
VOCABULARY_NAMES: dict[str, str] = {
    "zizhu_kinds": "紫竹条目类别表",
    "case_kinds": "案例要素类别表",
    "industry_kinds": "产业条目类别表",
    "partner_types": "合作方类别表",
    "glossary_kinds": "译名类别表",
    "correction_status": "勘误状态表",
    "event_roles": "事件角色表",
    "measure_kinds": "举措类型表",
    "languages": "语言表",
    "units": "单位表",
    "qualifiers": "限定词表",
    "basis": "统计口径表",
    "sections": "节号表",
}

#: The subjects whose dated events a page shows (the zizhu page's timeline); an event of any other subject
#: would appear on no page, so validation refuses it.
EVENT_SUBJECTS = ("紫竹高新区",)

#: A reference to the id of any row of any figure table.
FIGURE_ID = "<figure id>"
DISTRICT = "districts.csv:district"

_SOURCE = (
    Column("section", "text", "在报告中的节号：4.1为报告第四部分第一节，4.2为第二节", vocabulary="sections"),
    Column("heading", "text", "在报告中的小标题或专栏标题"),
)

FIGURE_COLUMNS: tuple[Column, ...] = (
    Column("id", "code", "指标的稳定标识，跨年份不变，供笔记本引用"),
    Column("subject", "text", "指标所属主体（示范区、园区或区县）"),
    Column("indicator", "text", "指标名称"),
    Column(
        "value",
        "number",
        "数值，以unit为单位；金额以“亿”为单位存放；只写数字，约数等写在qualifier列；"
        "各单位的合理范围见本页“文件格式与限制”一节",
        minimum=0,
    ),
    Column("unit", "text", "单位，取自单位表", vocabulary="units"),
    Column("qualifier", "code", "数值的确切程度，取自限定词表", vocabulary="qualifiers"),
    Column(
        "growth_pct",
        "number",
        "同比增长率（%），负数表示下降；不带%号；无则留空",
        required=False,
        minimum=GROWTH_BOUNDS[0],
        maximum=GROWTH_BOUNDS[1],
    ),
    Column("growth_qualifier", "code", "增长率的确切程度；有增长率时必填", required=False, vocabulary="qualifiers"),
    Column("period_start", "month", "统计期起始月份（YYYY-MM）；时点数或未注明时留空", required=False),
    Column("period_end", "month", "统计期截止月份（YYYY-MM）；报告未注明时留空", required=False),
    Column("basis", "code", "统计口径，取自口径表", vocabulary="basis"),
    Column("part_of", "code", "若本指标是同表另一指标的组成部分，填那一指标的id", required=False),
    Column("note", "text", "口径说明或注意事项", required=False),
) + _SOURCE


#: The book's grouping of the kinds of innovation resource (firms and their R&D, national research institutions and
#: platforms, incubators …): the resources page compares kinds within a group, not a firm with a laboratory. A row
#: without a group leaves the page to rank every kind together.
RESOURCE_GROUP = Column(
    "group",
    "text",
    "本书对这类资源的归类（如企业及其研发机构、国家级科研机构与研发平台），同组的类别相互比较；可空",
    required=False,
)
_DISTRICT_SUBJECT = Column("subject", "text", "指标所属区县（须为districts.csv中的区县）", references=DISTRICT)


def _figures(
    file: str,
    title: str,
    description: str,
    required: tuple[str, ...] = (),
    optional: bool = False,
    columns: tuple[Column, ...] = FIGURE_COLUMNS,
) -> Table:
    return Table(file, title, description, columns, ("id",), required, optional)


#: Whose themes a row of themes.csv gives: the zone's (report section 1) or the districts' (section 2). Any other
#: subject would be on no page, so validation refuses it.
THEME_SUBJECTS = ("张江示范区", "区县")

#: Optional ``edition.csv`` key that says where the districts' industries table comes from: ``text`` when the
#: report's text lacks the table's body and the book rebuilt it from the narrative, ``table`` when it is the
#: report's own. A new edition starts without it: it describes one year's report.
INDUSTRY_TABLE_KEY = "industry_table"
INDUSTRY_TABLE_SOURCES = ("text", "table")

TABLES: tuple[Table, ...] = (
    Table(
        "edition.csv",
        "版次信息",
        "本版次的年份、报告名称、书名等，供书页标题与说明使用。",
        (
            Column("key", "code", "条目名"),
            Column("value", "text", "条目内容"),
            Column("note", "text", "条目说明", required=False),
        ),
        ("key",),
        ("year", "report", "part", "part_title", "book_title", "book_subtitle", "data_as_of"),
    ),
    _figures(
        "zhangjiang_indicators.csv",
        "张江示范区主要经济指标",
        "示范区总收入、工业总产值、出口创汇、净利润及其同比增长。",
        ("zj_total_revenue", "zj_industrial_output", "zj_export", "zj_net_profit"),
    ),
    _figures(
        "zhangjiang_structure.csv",
        "张江示范区园区构成",
        "示范区、分园与覆盖区县的个数，以及新纳入的分园（哪些指标不含它们，见主要指标表的note列）。",
        ("zj_zones", "zj_subparks", "zj_districts_covered"),
    ),
    _figures(
        "zhangjiang_resources.csv",
        "张江示范区创新资源",
        "报告列出的各类国家级创新机构与企业的数量。",
        (
            "zj_res_research_institutes",
            "zj_res_key_labs",
            "zj_res_eng_tech_centres",
            "zj_res_mnc_rnd",
            "zj_res_enterprise_tech_centres",
            "zj_res_hightech_firms",
            "zj_res_incubators",
            "zj_res_eng_labs",
            "zj_res_eng_research_centres",
        ),
        columns=(*FIGURE_COLUMNS, RESOURCE_GROUP),
    ),
    _figures(
        "zizhu_figures.csv",
        "紫竹国家高新技术产业开发区主要数据",
        "入驻企业、合同外资、专利授权、技工贸收入与活动规模。",
        optional=True,
    ),
    _figures(
        "district_figures.csv",
        "区县案例中的数据",
        "区县正文与专栏案例中出现的数量；subject须为区县名。",
        optional=True,
        columns=tuple(_DISTRICT_SUBJECT if c.name == "subject" else c for c in FIGURE_COLUMNS),
    ),
    Table(
        "districts.csv",
        "报告年份的上海市区县",
        "报告年份的区县建制、示意瓦片地图的网格位置，以及报告之后的区划变化。",
        (
            Column("district", "text", "区县全称（报告年份的建制）"),
            Column("short_name", "text", "简称，用于图中标注"),
            Column("kind", "text", "区或县"),
            Column("zone_type", "text", "中心城区、浦东新区或郊区"),
            Column("tile_row", "int", "示意瓦片地图中的行（0为最北）", minimum=0, maximum=20),
            Column("tile_col", "int", "示意瓦片地图中的列（0为最西）", minimum=0, maximum=20),
            Column("later_change", "text", "报告之后的区划变化（非报告内容）", required=False),
        )
        + _SOURCE,
        ("district",),
    ),
    Table(
        "facts.csv",
        "文字事实",
        "名称、定位、格局、口号等不以数字表达的事实。",
        (
            Column("id", "code", "事实的稳定标识"),
            Column("subject", "text", "所属主体"),
            Column("label", "text", "事实的类别"),
            Column("text", "text", "内容；多项并列时以全角分号“；”分隔"),
        )
        + _SOURCE,
        ("id",),
        optional=True,
    ),
    Table(
        "themes.csv",
        "年度主题",
        "报告各小节的主题：本书的标题、报告中的口号与本书撰写的概述。",
        (
            Column("theme_id", "code", "主题标识"),
            Column("subject", "text", "张江示范区或区县"),
            Column("order", "int", "在报告中的次序", minimum=1, maximum=MAX_ROWS),
            Column("title", "text", "本书使用的主题标题"),
            Column("slogan", "text", "报告中的口号或关键词", required=False),
            Column("summary", "text", "本书撰写的概述"),
            Column(
                "headline",
                "text",
                "本书撰写的一句发现，用作区县主题一节的标题；留空时标题为主题名。只属于一个年份：新版次清空，由分析人员按新报告重写",
                required=False,
            ),
        )
        + _SOURCE,
        ("theme_id",),
        optional=True,
    ),
    Table(
        "theme_measures.csv",
        "主题下的举措",
        "每个张江示范区主题下报告列出的举措。",
        (
            Column("theme_id", "code", "所属主题", references="themes.csv:theme_id"),
            Column("order", "int", "次序", minimum=1, maximum=MAX_ROWS),
            Column("measure", "text", "举措"),
            Column("kind", "code", "举措类型，取自举措类型表", required=False, vocabulary="measure_kinds"),
        )
        + _SOURCE,
        ("theme_id", "order"),
        optional=True,
    ),
    Table(
        "zizhu_items.csv",
        "紫竹高新区的称号、入驻机构与合作方",
        "本年获批的称号、成立或入驻的机构、签约合作方。",
        (
            Column("kind", "code", "类别", vocabulary="zizhu_kinds"),
            Column("name", "text", "名称；多方并列时以“；”分隔"),
            Column("action", "text", "本年发生的事（获批、成立、落户、开工、将入驻、签约等）"),
        )
        + _SOURCE,
        ("kind", "name"),
        optional=True,
    ),
    Table(
        "events.csv",
        "有日期的事件",
        "报告给出确切日期的事件，供时间线使用。",
        (
            Column("event_id", "code", "事件标识"),
            Column("date", "date", "日期（YYYY-MM-DD）"),
            Column("subject", "text", "所属主体"),
            Column("title", "text", "事件名称"),
            Column("organisers", "text", "主办或参与方，以“；”分隔", required=False),
            Column(
                "role",
                "code",
                "organisers所列各方在事件中的角色，取自事件角色表",
                required=False,
                vocabulary="event_roles",
            ),
            Column("detail", "text", "要点（本书撰写），以“；”分隔", required=False),
            Column("figure_id", "code", "与事件相关的数字（如参会人数）的id", required=False, references=FIGURE_ID),
        )
        + _SOURCE,
        ("event_id",),
        optional=True,
    ),
    Table(
        "district_actions.csv",
        "区县在各主题下的举措",
        "报告第四部分第二节各主题下的区县及其举措；一行一个区县、一项举措。",
        (
            Column("theme_id", "code", "主题", references="themes.csv:theme_id"),
            Column("district", "text", "区县", references=DISTRICT),
            Column("order", "int", "在该主题中的次序", minimum=1, maximum=MAX_ROWS),
            Column("action", "text", "举措（本书撰写）"),
            Column("items", "text", "点名的载体、项目或口号，以“；”分隔", required=False),
            Column("figure_id", "code", "相关数字的id", required=False, references=FIGURE_ID),
        )
        + _SOURCE,
        ("theme_id", "order"),
        optional=True,
    ),
    Table(
        "collaborations.csv",
        "协同创新的合作关系",
        "区县与市级部门、高校院所、企业之间的合作；一行一对合作方。",
        (
            Column("collab_id", "code", "合作事项标识；同一事项涉及多方时重复"),
            Column("district", "text", "区县", references=DISTRICT),
            Column("partner", "text", "合作方"),
            Column("partner_type", "text", "合作方类别", vocabulary="partner_types"),
            Column("what", "text", "合作内容"),
        )
        + _SOURCE,
        ("collab_id", "district", "partner"),
        optional=True,
    ),
    Table(
        "cases.csv",
        "区县专栏案例",
        "报告以专栏呈现的区县案例。",
        (
            Column("case_id", "code", "案例标识"),
            Column("district", "text", "区县", references=DISTRICT),
            Column("title", "text", "案例名称"),
            Column("slogan", "text", "报告给出的口号或关键词；方框没有口号时留空", required=False),
            Column("summary", "text", "本书撰写的概述"),
            Column(
                "near_theme",
                "code",
                "专栏内容所属的主题（本书把专栏放在该主题之后；报告中专栏未必紧邻这一主题）",
                references="themes.csv:theme_id",
            ),
        )
        + _SOURCE,
        ("case_id",),
        optional=True,
    ),
    Table(
        "case_items.csv",
        "专栏案例的要素",
        "每个案例的布局、产业、项目、合作方、功能与目标。",
        (
            Column("case_id", "code", "案例", references="cases.csv:case_id"),
            Column("kind", "code", "要素类别", vocabulary="case_kinds"),
            Column("item", "text", "要素"),
            Column("detail", "text", "说明", required=False),
        )
        + _SOURCE,
        ("case_id", "kind", "item"),
        optional=True,
    ),
    Table(
        "district_industries.csv",
        "区县主要产业和产业基地",
        "各区县的主要产业、产业基地与载体，每项注明它在报告中的出处。",
        (
            Column("district", "text", "区县", references=DISTRICT),
            Column(
                "kind",
                "code",
                "industry（主要产业）、base（产业基地与载体）或platform（其他创新平台）",
                vocabulary="industry_kinds",
            ),
            Column("name", "text", "名称"),
            Column(
                "sector",
                "text",
                "主要产业归入的产业门类（本书统一的名称，如“文化创意”“生命健康”），用于找出多个区县共同发展的产业；"
                "产业基地留空",
                required=False,
            ),
        )
        + _SOURCE,
        ("district", "kind", "name"),
        optional=True,
    ),
    Table(
        "corrections.csv",
        "报告原文勘误",
        "报告原文中的笔误：明显的在数据中改正，原文保留在printed列；不能确定的照原文保留并加说明。"
        "方法页据此列出全部勘误。",
        (
            Column("printed", "text", "报告印出的写法（原文）", translated=False),
            Column("corrected", "text", "数据中采用的写法；不能确定时留空", required=False, translated=False),
            Column("status", "code", "勘误状态，取自勘误状态表", vocabulary="correction_status"),
            Column("note", "text", "改正或存疑的依据"),
        )
        + _SOURCE,
        ("printed",),
        optional=True,
    ),
    Table(
        "glossary.csv",
        "译名表",
        "区县、园区、机构、规划与口号等名称的译名。外文页面在每页第一次提到园区、地名，或本书自译、音译的机构与规划时，于译名后括注中文原名。",
        (
            Column("zh", "text", "中文名称，与其他数据文件中的写法完全一致"),
            Column("lang", "code", "译文的语言，取自语言表", vocabulary="languages"),
            Column("text", "text", "该语言的译名（英文用官方或通行译法，如Pudong New Area）"),
            Column("kind", "code", "名称类别，取自译名类别表", vocabulary="glossary_kinds"),
            Column("note", "text", "译法的依据或说明", required=False),
        ),
        ("zh", "lang"),
        optional=True,
    ),
    Table(
        "translations.csv",
        "译文",
        "其他数据文件中各段文字（主题、举措、案例、事件、产业、指标名称等）的译文；以中文原文对应，"
        "原文改动后旧译文不再匹配，校验会列出缺少译文的文字。以“；”分隔的多项可逐项翻译。",
        (
            Column("zh", "text", "中文原文，与数据文件中的单元格（或其中以“；”分隔的一项）完全一致"),
            Column("lang", "code", "译文的语言，取自语言表", vocabulary="languages"),
            Column("text", "text", "译文"),
            Column("note", "text", "译者说明", required=False),
        ),
        ("zh", "lang"),
        optional=True,
    ),
)

#: The files that hold translations; every other file's texts are what they translate.
TRANSLATION_FILES: tuple[str, ...] = ("glossary.csv", "translations.csv")

#: Files of a data folder that are not data: the edition's review state (see the adapt page). Never published.
WORKFLOW_FILES: tuple[str, ...] = ("review.csv",)

TABLES_BY_FILE: dict[str, Table] = {t.file: t for t in TABLES}

#: The files that follow the figure schema (one number a row).
FIGURE_FILES: tuple[str, ...] = tuple(t.file for t in TABLES if "growth_pct" in t.column_names)
