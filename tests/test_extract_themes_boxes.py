"""Extract tells the district section's new themes from its case boxes: a heading that is no earlier theme is a
box only when a box word or its own district's name heads it; a heading whose text names several districts is
a new theme, listed with its districts, never as a case-box title."""

import shutil

import pytest
from conftest import REPORT_TEXT, need_shared

from zjbook import paths
from zjbook.data.extract import analyse
from zjbook.data.extract_review import render
from zjbook.data.reporttext import read_source

TEXT = """第四部分 张江示范区与区县创新

4.2 区：激发活力，厚植创新土壤

2033年，各区在人才引育和知识产权保护方面持续发力。

人才引育多点开花

嘉定区出台人才安居实施办法；松江区举办英才节；奉贤区设立青年科技人才专项。

知识产权保护全面加强

长宁区成立知识产权纠纷快速调解中心；虹口区出台若干措施。

宝山知识产权运营服务中心

宝山区建设知识产权运营服务中心，提供专利导航和质押融资等服务。

目前，中心已促成专利转让许可300余件。

专栏：创新券惠及中小企业

该区发放创新券，支持中小企业购买研发服务。
"""


@pytest.fixture
def analysed(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(paths.ROOT / "data" / "2014", root / "2014")
    source = tmp_path / "part4.txt"
    source.write_text(TEXT, encoding="utf-8")
    return analyse(read_source(source), 2033, 2014, source, root)


def test_themes_with_several_districts_are_new_themes(analysed):
    themes = {h: (theme, names) for h, _, theme, names in analysed.theme_districts}
    assert themes == {
        "人才引育多点开花": (None, ["嘉定区", "松江区", "奉贤区"]),
        "知识产权保护全面加强": (None, ["长宁区", "虹口区"]),
    }


def test_boxes_are_headed_by_their_district_or_a_box_word(analysed):
    assert [h for h, _, _ in analysed.boxes] == ["宝山知识产权运营服务中心", "专栏：创新券惠及中小企业"]


def test_checklist_lists_new_themes_apart_from_boxes(analysed):
    text = render(analysed)
    themes, boxes = text.split("## 专栏标题")[0], text.split("## 专栏标题")[1]
    assert "### 人才引育多点开花（第7行）：新主题，themes.csv 中没有" in themes
    assert "人才引育多点开花" not in boxes and "知识产权保护全面加强" not in boxes
    assert "宝山知识产权运营服务中心（第15行）：新标题" in boxes


def test_2014_text_keeps_its_four_themes_and_six_boxes(tmp_path):
    source = need_shared(REPORT_TEXT)
    root = tmp_path / "data"
    shutil.copytree(paths.ROOT / "data" / "2014", root / "2014")
    ex = analyse(read_source(source), 2015, 2014, source, root)
    assert [t for _, _, t, _ in ex.theme_districts] == ["structure", "four_new", "ftz", "collaboration"]
    assert [c for _, _, c in ex.boxes] == [
        "lingang",
        "taopu",
        "beidou",
        "hongqiao_ifin",
        "xuhui_ecosystem",
        "fudan_corridor",
    ]
