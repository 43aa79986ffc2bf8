"""Section 4.2 on the built pages: all 17 units, every theme, case, slogan, figure and the industry table,
each item read where a reader meets it: under its theme, in its district's entry, inside its case box."""

import re

import pytest
from bs4 import BeautifulSoup
from test_book_html import page

from zjbook.data.edition import Edition, items
from zjbook.sections import districts as dd
from zjbook.sections.districts import said

UNITS = [
    "黄浦区",
    "徐汇区",
    "长宁区",
    "静安区",
    "普陀区",
    "闸北区",
    "虹口区",
    "杨浦区",
    "浦东新区",
    "闵行区",
    "宝山区",
    "嘉定区",
    "金山区",
    "松江区",
    "青浦区",
    "奉贤区",
    "崇明县",
]
STRUCTURE, FOUR_NEW, FTZ, COLLAB = "结构转型与产业集聚", "“四新”经济", "自贸区的溢出效应", "协同创新"

#: What the report says each district did under each theme: (theme, district or None for the theme's own
#: introduction, the item as the page must show it).
THEME_FACTS = [
    *((STRUCTURE, "杨浦区", f) for f in ("大五角场中央智力区", "五角场商圈", "创智天地", "环同济知识经济圈")),
    *((STRUCTURE, "闵行区", f) for f in ("三个中心", "七宝生态商务区", "国家视听产业基地", "星尚河谷产业园")),
    *((STRUCTURE, "闸北区", f) for f in ("北上海环上大地区", "电影后期制作")),
    *((STRUCTURE, "静安区", f) for f in ("跨国金融功能区", "外资金融试验区", "创新金融实践区")),
    *((STRUCTURE, "宝山区", f) for f in ("邮轮码头", "邮轮港", "邮轮城")),
    *((STRUCTURE, "虹口区", f) for f in ("北外滩", "国际航运服务中心")),
    (STRUCTURE, "嘉定区", "新能源汽车"),
    *(
        (FOUR_NEW, "浦东新区", f)
        for f in ("平台经济", "大宗商品交易平台", "互联网金融服务平台", "文化教育和健康生活平台", "网上购物平台")
    ),
    *((FOUR_NEW, "闸北区", f) for f in ("一基地、六分园", "市北高新区", "E构空间", "180余家")),
    *((FOUR_NEW, "黄浦区", f) for f in ("外滩金融创新试验区", "30多家")),
    (FOUR_NEW, "徐汇区", "生命健康服务业"),
    (FOUR_NEW, "松江区", "跨境电子商务基地"),
    (FTZ, "浦东新区", "知识产权局"),
    *((FTZ, "黄浦区", f) for f in ("三个一口", "一口咨询", "一口受理", "一口汇总", "实施意见")),
    (FTZ, None, "负面清单"),
    (FTZ, None, "有限政府"),
    *(
        (COLLAB, "浦东新区", f)
        for f in (
            "中国科技大学量子工程卓越中心",
            "量子通信",
        )
    ),
    (COLLAB, "杨浦区", "杨浦国家创新型试点城区"),
    (COLLAB, "闸北区", "新一轮市区联动协议"),
    (COLLAB, "奉贤区", "科技特派员计划"),
    *((COLLAB, "金山区", f) for f in ("院士专家工作站", "院士专家金山行")),
    *((COLLAB, "崇明县", f) for f in ("可持续发展科技创新行动计划", "崇明国家可持续发展实验区")),
]

#: The six case boxes: title → (the theme it stands under, its district, what the box must show).
CASES = {
    "浦东临港科技创新城": (
        FOUR_NEW,
        "浦东新区",
        [
            "一城一带一中心",
            "海洋高新基地",
            "科技成果展示交易中心",
            "发电及输变电设备",
            "汽车整车及零部件",
            "海洋工程",
            "航空零部件配套",
            "12英寸硅片生产线",
            "现代有轨电车产业基地",
        ],
    ),
    "普陀桃浦科技智慧城": (
        FOUR_NEW,
        "普陀区",
        [
            "一谷两园",
            "桃浦安防智慧谷",
            "智能环保节能园",
            "生命健康产业园",
            "临港集团",
            "华谊集团",
            "国家质量追溯与防伪数据中心",
            "上海市转型发展的示范区",
            "中心城区的新地标",
            "产城融合发展的新亮点",
        ],
    ),
    "中国北斗产业技术创新西虹桥基地": (
        STRUCTURE,
        "青浦区",
        [
            "机器人",
            "无人机",
            "高精度板卡及芯片",
            "智能交通",
            "导航与位置服务技术融合创新联合实验室",
            "测绘遥感信息工程国家重点实验室研究中心",
            "超算研究院",
            "北斗西虹桥基地引进的业界龙头企业及机构30多家",
        ],
    ),
    "虹桥互联网金融财富天地": (
        FOUR_NEW,
        "长宁区",
        [
            "六位一体",
            "旗帜、品牌、载体、政策、基金、交流平台",
            "互联网金融千人会上海分会",
            "南极圈",
            "银联",
            "联信财富",
        ],
    ),
    # editor 81: the box is about an innovation cluster, not a partnership: it stands with the “four new” economy
    "徐汇创新生态体系": (FOUR_NEW, "徐汇区", ["投资+孵化+产业资源", "互联网产业新型孵化器", "创新创业孵化引领区"]),
    "复旦创新走廊": (
        COLLAB,
        "杨浦区",
        [
            "知识溢出",
            "成果转化",
            "创业应用",
            "创新服务",
            "要素集聚",
            "复旦大学管理学院新院区",
            "复旦产业研究院",
            "城市发展研究院",
        ],
    ),
}


def text_of(html: str) -> str:
    """Visible text, without tags, so assertions see what a reader sees."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def flat(tag) -> str:
    return re.sub(r"\s+", "", tag.get_text())


def soup_of(edition, name: str) -> BeautifulSoup:
    return BeautifulSoup(page(edition, name), "html.parser")


def table_rows(soup: BeautifulSoup, table_id: str) -> dict[str, list[str]]:
    """A table's body rows by their first cell: first cell → the other cells' text."""
    rows = [[flat(td) for td in tr.find_all("td")] for tr in soup.find("table", id=table_id).select("tbody tr")]
    return {row[0]: row[1:] for row in rows}


class ThemesPage:
    """The themes page as a reader meets it: a section per theme, its district entries and its case boxes."""

    def __init__(self, soup: BeautifulSoup):
        # a theme's heading states its finding, not its bare name: the sections stand in the report's order of themes
        titles = [t["title"] for t in dd.district_themes(Edition(2014))]
        sections = [s for s in soup.select("article section") if s.find("h2", recursive=False)]
        assert len(sections) == len(titles), [flat(s.find("h2")) for s in sections]
        self.sections = dict(zip(titles, sections))
        self.soup = soup

    def boxes(self, theme: str) -> dict[str, object]:
        """The case boxes standing in a theme's section: title (without "专栏：") → the box."""
        return {
            flat(b.select_one(".admonition-title")).removeprefix("专栏："): b
            for b in self.sections[theme].select("div.case-box.admonition")
        }

    def own_text(self, theme: str) -> str:
        """A theme section's text outside its case boxes."""
        section = BeautifulSoup(str(self.sections[theme]), "html.parser")
        for box in section.select("div.admonition"):
            box.decompose()
        return flat(section)

    def entries(self, theme: str, district: str) -> list[str]:
        """The list entries of a theme section (outside case boxes) that begin with the district's name, or that
        name it by its short name (a memorandum co-signed by several districts is said once, in the entry of the
        district that signed it with the others)."""
        return [
            flat(li)
            for li in self.sections[theme].select("li")
            if not li.find_parent("div", class_="admonition")
            and (flat(li).startswith(district) or district[:2] in flat(li))
        ]


@pytest.fixture(scope="module")
def pages(edition_2014):
    return {n: text_of(page(edition_2014, n)) for n in ("districts_overview", "districts_themes")}


@pytest.fixture(scope="module")
def themes(edition_2014):
    return ThemesPage(soup_of(edition_2014, "districts_themes"))


def test_all_seventeen_units_on_one_page(pages, edition_2014):
    t = pages["districts_overview"]
    assert list(table_rows(soup_of(edition_2014, "districts_overview"), "tbl-district-industries")) == UNITS
    # the units and the book's grouping into areas: the table's note
    assert (
        "“区域”按上海通行的划分：2014年上海共有17个县级行政区（16个区、1个县），8个属中心城区、8个属郊区，浦东新区单列"
        in t
    )
    assert "2015年并入静安区" in t and "改称崇明区" in t


def test_each_unit_row_names_its_area_not_its_themes(edition_2014):
    """The table gives what each district pursues and where, by area; the themes a district appears under are no
    column of it (a count of the report's examples is no finding; the themes page lists them)."""
    rows = table_rows(soup_of(edition_2014, "districts_overview"), "tbl-district-industries")
    assert rows["黄浦区"][0] == rows["普陀区"][0] == "中心城区" and rows["奉贤区"][0] == "郊区"
    assert rows["浦东新区"][0] == "单列"
    assert not any(COLLAB in c or "普陀桃浦科技智慧城" in c for r in rows.values() for c in r)


def test_theme_coverage_is_said_once_on_the_themes_page(pages):
    t = pages["districts_themes"]
    # editors: how many districts each theme's examples name is a count of mentions; it is the data dictionary's
    # tile map and matrix, not the page's lead, which says whom the districts worked with
    assert "协同创新主题下举出的区县最多" not in t and "所举的区县事例中" not in t
    # editor 88: the share was said four times; the section's heading and the figure's sentence keep it
    assert "报告所述的区县合作多以高校与科研院所或市级部门为合作方" in t
    assert "12项合作中，高校与科研院所参与5项、市级部门4项" in t
    assert "协同创新9个" not in pages["districts_overview"]


def test_the_four_themes_in_the_report_order(themes):
    assert list(themes.sections) == [STRUCTURE, FOUR_NEW, FTZ, COLLAB]


@pytest.mark.parametrize("theme, district, fact", THEME_FACTS, ids=lambda x: x if isinstance(x, str) else "-")
def test_theme_facts_stand_in_their_district_entry(themes, theme, district, fact):
    if district is None:  # a theme's own fact is in its summary: a main point of the page (the first four themes)
        assert fact in themes.own_text(theme) or fact in themes.soup.select_one("div.main-points").get_text()
    else:
        entries = themes.entries(theme, district)
        assert entries, f"no entry for {district} under {theme}"
        assert any(fact in e for e in entries), (fact, entries)


@pytest.mark.parametrize("title", CASES)
def test_case_boxes_stand_under_their_theme_with_their_items(themes, title):
    theme, district, facts = CASES[title]
    box = themes.boxes(theme).get(title)
    assert box is not None, f"case box {title} missing under {theme}"
    text = flat(box)
    assert district in text
    for fact in facts:
        assert fact in text, fact


def test_case_boxes_are_boxes(edition_2014, themes):
    html = page(edition_2014, "districts_themes")
    assert len(re.findall(r'class="note case-box admonition"', html)) == 6
    assert sum(len(themes.boxes(t)) for t in themes.sections) == 6


def test_every_action_and_case_item_of_the_data_stands_in_its_place(themes):
    """Driven by the data: each action row is an entry of its district in its theme's section, naming its
    items; each case item is inside its case's box, which stands in the section of the case's theme."""
    ed = Edition(2014)
    title = {r["theme_id"]: r["title"] for r in ed.rows("themes.csv")}
    joint = {str(a["what"]) for a in dd.collaboration(ed)["joint"]}
    assert joint == {"《共建上海互联网金融产业基地务实合作备忘录》"}
    # the network's paragraph: the one that points to its figure (it stands in the collaboration theme, no heading)
    network = next(flat(p) for p in themes.soup.find_all("p") if "居各合作方之首" in p.get_text())
    for row in ed.rows("district_actions.csv"):
        entries = themes.entries(title[row["theme_id"]], row["district"])
        # an item the action already names (maybe in quotation marks, maybe with words between) is not
        # repeated in brackets, nor one an earlier entry of the theme has named
        earlier = "。".join(
            e
            for r in ed.rows("district_actions.csv")
            if r["theme_id"] == row["theme_id"] and r["order"] < row["order"]
            for e in themes.entries(title[r["theme_id"]], r["district"])
        )
        # a shift from one industry to another ("A→B") reads "A转向B"
        named = [i.replace("→", "转向") for i in items(row["items"])]
        # an agreement several districts signed together is said once, in the list (the first entry that names it);
        # the network's paragraph refers back to it (editor 75: it was missing from its section's text)
        together = [i for i in named if i in joint]
        for i in together:
            assert i not in network and (any(i in e for e in entries) or i in earlier), row
        named = [i for i in named if i not in together]
        if together and not named:
            continue
        assert any(all(said(i, e) or said(i, earlier) for i in named) for e in entries), row
    cases = {r["case_id"]: r for r in ed.rows("cases.csv")}
    for row in ed.rows("case_items.csv"):
        case = cases[row["case_id"]]
        box = themes.boxes(title[case["near_theme"]])[case["title"]]
        # an item that holds a colon of its own reads "一谷（桃浦安防智慧谷）": what follows the colon in brackets
        item = re.sub(r"：(.*)$", r"（\1）", row["item"])
        assert item in flat(box) and case["district"] in flat(box), row
        if row["kind"] != "partner" and row["detail"] and not row["detail"].endswith(("之一", "目标")):
            # what the data say of the item (在建, 已落户, 选址创智天地 …) is in the box, as its sentence says it; a note
            # that names what the items are (建设标准, 核心功能) is said by the sentence's own words
            if dd.label_note(row["detail"]):
                continue
            assert re.sub(r"：(.*)$", r"（\1）", row["detail"]) in flat(box), row


def test_industry_table(pages, edition_2014):
    rows = {
        d: r[1:] for d, r in table_rows(soup_of(edition_2014, "districts_overview"), "tbl-district-industries").items()
    }
    assert list(rows) == UNITS
    # editor 86: the book's industry group beside the report's words
    assert (
        "云计算" in rows["闸北区"][0]
        and rows["闸北区"][1] == "信息产业、文化创意"
        and "市北高新区" in rows["闸北区"][2]
    )
    assert rows["宝山区"][0] == "邮轮经济" and rows["黄浦区"][0] == "互联网金融" and rows["长宁区"][0] == "互联网金融"
    assert rows["青浦区"] == ["北斗导航与位置服务", "导航与位置服务", "中国北斗产业技术创新西虹桥基地"]
    assert "紫竹国家高新技术产业开发区" not in rows["闵行区"][2]  # Zizhu is the zone's, not a district base
    assert rows["奉贤区"] == ["—", "—", "—"]  # the table note says what "—" means
    # a workstation and an experimental zone are innovation platforms, not industrial bases
    # two districts' platforms are in the table's note, not a column of dashes
    assert rows["金山区"] == ["—", "—", "—"] and rows["崇明县"] == ["—", "—", "—"]
    overview = pages["districts_overview"]
    assert "此外，金山区的院士专家工作站和崇明县的崇明国家可持续发展实验区属其他创新平台，未列为产业基地。" in overview
    # groups shared within the central city, and those that cross areas, each said once
    assert overview.count("黄浦区、长宁区、静安区都发展金融") == 1
    assert "中心城区8个区中，6个区与中心城区其他区有相同的产业门类" in overview
    assert "郊区写明主要产业的5个区各属不同门类" in overview
    assert "除嘉定区外，述及主要产业的区县都至少有一处产业基地或载体" in overview  # the heading (editors 87, 88)


def test_three_figures_with_alt_and_csv(edition_2014):
    for name, fig in (
        ("data_appendix", "district-tiles"),
        ("data_appendix", "district-theme-matrix"),
        ("districts_themes", "collaboration-network"),
    ):
        html = page(edition_2014, name)
        img = re.search(rf'<img alt="([^"]+)" src="[^"]*{fig}\.svg"', html)
        assert img and "浦东新区" in img.group(1), fig
        assert f"{fig}.csv" in html


def test_collaboration_counts(pages):
    """An agreement several districts and partners sign together counts once: the one internet-finance memorandum
    is said as the one joint agreement, every other one one-to-one (tenants moving into a hub are not one); no count
    of the report's examples of partners is said (two editors: the classification is the book's)."""
    t = pages["districts_themes"]
    assert (
        "除上面所列4个区县共同签署的一项合作外，其余11项合作各只涉及1个区县。" in t
        and "与黄浦区、长宁区、嘉定区及上海市金融服务办公室（简称市金融办）、上海市经济和信息化委员会（简称市经济信息化委）"
        "共同签署《共建上海互联网金融产业基地务实合作备忘录》"
        in t
    )
    assert "这些合作共12项" not in t and "个合作方中" not in t and "合作最多的是市金融办" not in t
