"""How the report names each figure: the one place the extractor (:mod:`zjbook.data.extract`) looks.

Every figure id of the figure tables (see :mod:`zjbook.data.schema`) declares here

- ``unit``: the unit the data stores it in (amounts in 亿 of a currency, counts);
- ``labels``: the words the report may use for it; the extractor accepts a number written right
  after a label ("净利润…亿元", a few connecting characters allowed) or right before it ("…家国家重点实验室");
- ``patterns``: extra templates for wordings a plain label cannot catch. ``{n}`` is this figure's
  number (with its qualifier and unit), ``{m}`` another number, ``…`` a short gap inside one clause;
- ``exclude``: words that, written earlier in the same clause, mean the number is another figure
  (the new sub-parks are not the sub-parks);
- ``context``: words of which at least one must appear in the same sentence or in the heading above.

The figure's subject (the zone, the park or the district of its row) must be the subject the text
names last before the number; ``SUBJECT_WORDS`` lists how the text names the non-district subjects
(districts are named by their full or short name from ``districts.csv``).

Adding a figure to a figure table means adding its labels here: a test checks every figure id has some.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FigureLabels:
    unit: str
    labels: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    context: tuple[str, ...] = ()


#: How the text names the subjects that are not districts.
SUBJECT_WORDS: dict[str, tuple[str, ...]] = {
    "张江示范区": ("张江示范区", "张江国家自主创新示范区", "张江", "示范区"),
    "紫竹高新区": ("紫竹国家高新技术产业开发区", "紫竹国家高新区", "紫竹高新区", "紫竹"),
}

_NEW_PARK_WORDS = ("新纳入", "新增", "新设", "新扩")

LABELS: dict[str, FigureLabels] = {
    # --- 张江示范区主要经济指标 ---
    "zj_total_revenue": FigureLabels("亿元", ("总收入", "营业总收入", "经营总收入")),
    "zj_industrial_output": FigureLabels("亿元", ("工业总产值", "工业产值")),
    "zj_export": FigureLabels("亿美元", ("出口创汇", "出口总额", "出口额")),
    "zj_net_profit": FigureLabels("亿元", ("净利润",)),
    # --- 园区构成 ---
    "zj_zones": FigureLabels("个", patterns=("{n}区{m}园",)),
    "zj_subparks": FigureLabels("个", ("分园",), patterns=("{m}区{n}园",), exclude=_NEW_PARK_WORDS),
    "zj_districts_covered": FigureLabels("个", patterns=("覆盖…{n}区",)),
    "zj_new_subparks": FigureLabels("个", patterns=tuple(f"{w}…{{n}}分园" for w in _NEW_PARK_WORDS)),
    # --- 创新资源 ---
    "zj_res_research_institutes": FigureLabels("家", ("国家科研院所", "国家级科研院所")),
    "zj_res_key_labs": FigureLabels("家", ("国家重点实验室",)),
    "zj_res_eng_tech_centres": FigureLabels("家", ("国家工程技术研究中心",)),
    "zj_res_mnc_rnd": FigureLabels("家", ("跨国公司研发机构", "跨国公司研发中心", "外资研发中心")),
    "zj_res_enterprise_tech_centres": FigureLabels("家", ("国家企业技术中心", "国家认定企业技术中心")),
    "zj_res_hightech_firms": FigureLabels("家", ("高新技术企业",)),
    "zj_res_incubators": FigureLabels("家", ("国家级科技企业孵化器", "国家级孵化器")),
    "zj_res_eng_labs": FigureLabels("家", ("国家工程实验室",)),
    "zj_res_eng_research_centres": FigureLabels("家", ("国家工程研究中心",)),
    # --- 紫竹高新区 ---
    "zz_enterprises": FigureLabels(
        "家",
        ("入驻企业", "入驻高新区企业", "入驻高新区的企业", "入驻园区企业", "入驻园区的企业", "入驻的企业"),
        # a new building's first tenants (创业园二期“首批入驻企业四十余家”) are not the zone's enterprises
        exclude=("首批", "新入驻", "本期"),
    ),
    "zz_contract_fdi": FigureLabels("亿美元", ("合同外资", "吸引外资")),
    "zz_patents": FigureLabels("件", ("专利授权", "授权专利")),
    "zz_invention_patents": FigureLabels("件", ("发明专利", "发明专利授权")),
    "zz_revenue": FigureLabels("亿元", ("技工贸收入", "技工贸总收入")),
    "zz_forum_attendance": FigureLabels(
        "人", ("参加论坛", "参会人数", "参会", "与会", "到会", "出席"), context=("论坛",)
    ),
    # --- 区县 ---
    "zb_cloud_firms": FigureLabels("家", ("云计算及关联企业", "云计算及相关企业", "云计算相关企业", "云计算企业")),
    "zb_cloud_subparks": FigureLabels("个", ("分园",), context=("云计算",)),
    "hp_internet_finance": FigureLabels("家", ("互联网金融机构", "互联网金融企业")),
    "qp_beidou_partners": FigureLabels("家", ("龙头企业及机构", "业界龙头企业", "龙头企业")),
    "pd_platform_clusters": FigureLabels("个", ("平台经济集群", "平台集群", "集群"), context=("平台",)),
}
