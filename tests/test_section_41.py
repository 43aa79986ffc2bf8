"""Section 4.1 as the notebooks write it: every figure, date and designation of the report's 4.1. The pages
are written in memory (no kernel, no build); the built book is checked in test_book_html.py."""

import re

import pytest
from notebook_pages import cards, notebook, paragraphs, text
from test_book_html import page

from zjbook.data.edition import Edition
from zjbook.sections import zizhu

NAMES = ("zhangjiang_overview", "zhangjiang_resources", "zizhu")


@pytest.fixture(scope="module")
def written():
    return {n: notebook(n).run() for n in NAMES}


@pytest.fixture(scope="module")
def pages(written):
    return {n: text(p) for n, p in written.items()}


def test_zone_position(pages):
    t = pages["zhangjiang_overview"]
    for s in (
        "一区二十二园",
        "22个分园中有4个为新纳入",  # editor 82: "18 to 22" and "in 2014" were the book's inference
        "覆盖全市全部17个区县（16个区、1个县）",
        "一核三带",
        "初步实现",
        "《规划纲要》",
        "世界一流科技园区",
        "示范区拓展为“一区二十二园”",
        "“四新”经济（新技术、新模式、新业态、新产业）、创新生态、示范效应、创新能力",  # defined where first named
    ):
        assert s in t, s


def test_innovation_resources(pages, edition_2014):
    t = pages["zhangjiang_resources"]
    for s in (
        "国家科研院所",
        "68家",
        "国家重点实验室",
        "36家",
        "国家工程技术研究中心",
        "22家",
        "跨国公司研发机构",
        "243多家",
        "国家企业技术中心",
        "高新技术企业",
        "2580家",
        "国家级科技企业孵化器",
        "24家",
        "国家工程实验室",
        "7家",
        "国家工程研究中心",
        "12家",
        "超过243家",
        "国家级科研机构与研发平台5类合计145家",
    ):
        assert s in t, s
    assert "zj-resources.svg" in page(edition_2014, "zhangjiang_resources")


def test_three_themes_and_their_measures(pages):
    t = pages["zhangjiang_overview"]
    for s in (
        "三个优化",
        "三个体系",
        "先行先试",
        "优化空间、产业和人才布局",
        "自主创新、开放创新和创新创业保障这“三个体系”",
        "股权激励、科技金融、财税支持和管理创新4个领域",
        "新技术、新模式、新业态、新产业",
        "示范区在4个领域深化改革试点",
        "**“三个优化”与“四新”经济**：示范区出台落实《规划纲要》的实施意见",
        "改革取得明显成效",
    ):
        assert s in t, s
    # the measures are counted nowhere: the report's paragraphs, cut into rows by the book, are no basis for a count
    for s in ("14项", "各5项", "改革试点最多", "初见成效"):
        assert s not in t, s


def test_zizhu_figures(pages):
    t = pages["zizhu"]
    for s in (
        "591家",
        "24.45亿美元",
        "7655件",
        "6560件",
        "占85.7%",
        "约360亿元",
        "增长约10%",
        "近400人",
        "截至2014年12月",
        "闵行区",
    ):
        assert s in t, s


def test_zizhu_designations_arrivals_partners(pages):
    t = pages["zizhu"]
    for s in (
        "国家新型工业化产业示范基地（软件和信息服务业）",
        "国家知识产权试点园区",
        "中国网络剧微电影创新创业中心",
        "微软亚太科技有限公司",
        "统一企业（中国）研究开发中心",
        "TCL-IMAX生产基地",
        "北卡罗来纳大学教堂山分校",
        "上海交大-南加州大学文化创意产业学院",
        "紫竹国际教育中心",
        "城建集团",
        "现代建筑设计集团",
        "英特尔和中交兴路",  # two items: 和 (GB/T 15834)
        "车联网联合创新中心",
        "高水平运营商",
    ):
        assert s in t, s


def test_zizhu_events(pages, edition_2014):
    t = pages["zizhu"]
    for s in (
        "4月16日：紫竹高新区与上海交通大学签署战略合作协议",
        "4月21日：",
        "9月15日：微软亚太科技有限公司成立",
        "上海交大紫竹发展基金",
        "产业生态与城市建设",
        "闵行区政府",
        "美国圣地亚哥郡",
        "MicrosoftAzure",
        "WindowsServer",
        "SQLServer",
    ):
        assert s in t, s
    html = page(edition_2014, "zizhu")
    # the events are cards with their dates; no timeline draws three points again (editors)
    assert "zz-timeline" not in html and "zz-key-figures.svg" in html


def test_every_41_figure_has_caption_alt_and_csv(edition_2014):
    for name, figs in (
        ("zhangjiang_overview", ["zj-indicators"]),
        ("zhangjiang_resources", ["zj-resources"]),
        ("zizhu", ["zz-key-figures"]),
    ):
        html = page(edition_2014, name)
        for fig in figs:
            img = re.search(rf'<img alt="([^"]+)" src="[^"]*{fig}\.svg"', html)
            assert img and len(img.group(1)) > 30, fig
            assert f"{fig}.csv" in html, fig
            assert re.search(rf'id="fig-{fig}"', html), fig


def test_invention_share_is_computed():
    assert round(zizhu.invention_share(Edition(2014)), 1) == 85.7


def _rows(file: str) -> dict[str, dict]:
    import csv

    from conftest import DATA_2014

    with (DATA_2014 / file).open(encoding="utf-8") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def test_the_size_paragraph_states_the_net_profit_margin_and_its_change(written):
    """Editor's fix: no ranking of sizes, but the margin and its change implied by the two growth rates."""
    from zjbook.data import printed as numbers

    ind = _rows("zhangjiang_indicators.csv")
    revenue, profit = ind["zj_total_revenue"], ind["zj_net_profit"]
    margin = 100 * float(profit["value"]) / float(revenue["value"])
    earlier = margin * (1 + float(revenue["growth_pct"]) / 100) / (1 + float(profit["growth_pct"]) / 100)
    said = [p for p in paragraphs(written["zhangjiang_overview"]) if "净利润" in p]
    assert not any("从规模看" in p or "最大；" in p for p in said)
    # a main point gives the margin and the change the growth rates imply, said as what the change follows from, not
    # as its cause ("因为…"), and as the book's reckoning (editors 75–79: the page's one piece of analysis belongs up
    # front); editors 87–90: resting on an assumed common coverage, it is the body's, said as a conditional
    assert [p for p in said if "净利润率" in p] == [
        f"若两项指标的统计范围相同，按报告的数字推算，净利润率（净利润与总收入之比）约为{numbers.share(margin)}；"
        f"由于净利润增速{'高于' if margin > earlier else '低于'}总收入增速，这一利润率比上年同期"
        f"{'高' if margin > earlier else '低'}约{numbers.points(margin - earlier)}。"
    ]
    assert "因为净利润" not in text(written["zhangjiang_overview"])
    assert not any("净利润率" in p for p in cards(written["zhangjiang_overview"])[0])


def test_a_lower_bound_is_printed_once(written):
    """Editor's fix: the qualifier note names the category, without printing its count a second time."""
    from zjbook.data import printed as numbers

    bounded = [r for r in _rows("zhangjiang_resources.csv").values() if r["qualifier"] == "more_than"]
    said = next(p for p in paragraphs(written["zhangjiang_resources"]) if "的下限" in p)
    # the table's note, not reader prose above the chart
    assert said.startswith("注：")
    for r in bounded:
        assert numbers.amount(float(r["value"]), r["unit"], r["qualifier"]) not in said
        assert f"报告只给出{r['indicator']}数目的下限" in said and "照录" not in said  # no production note
