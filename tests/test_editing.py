"""Read as an editor would: generated sentences don't repeat themselves."""
import re

from bs4 import BeautifulSoup

from zjbook.data.edition import Edition
from zjbook.sections import districts

from conftest import set_cell
from test_book_html import page

def top_level_parens(sentence: str):
    """(start, content) of each parenthesis not inside another one."""
    depth, start = 0, 0
    for i, c in enumerate(sentence):
        if c == "（":
            depth += 1
            if depth == 1:
                start = i
        elif c == "）" and depth:
            depth -= 1
            if depth == 0:
                yield start, sentence[start + 1:i]


def echoes(text: str) -> list[str]:
    """Parentheses whose whole content the same clause has just said: "建设X（X）"."""
    out = []
    for clause in re.split(r"[。！？；\n]", text):
        for start, inner in top_level_parens(clause):
            bare = districts.bare(inner)
            if len(bare) >= 2 and bare in districts.bare(clause[:start]):
                out.append(f"（{inner}）")
    return out


def article_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").select_one("article").get_text("\n")


def test_the_echo_check_sees_an_echo():
    assert echoes("黄浦区：建设外滩金融创新试验区（外滩金融创新试验区）。") == ["（外滩金融创新试验区）"]
    assert echoes("松江区：建设跨境电子商务基地（“跨境电子商务基地”）。") == ["（“跨境电子商务基地”）"]
    assert echoes("杨浦区：建设中央智力区（五角场商圈、创智天地）。") == []
    assert echoes("形成“一基地、六分园”的格局（市北高新区（一基地）、六个分园）。") == []  # an inner note is not an echo
    assert echoes("定位与目标：甲、乙（目标）。") == ["（目标）"]


def test_no_parenthesis_repeats_its_sentence(edition_2014):
    for name in ("districts_themes", "districts_overview", "district_industries", "zhangjiang_themes", "zizhu"):
        assert echoes(article_text(page(edition_2014, name))) == [], name


def test_a_figure_the_action_already_states_is_not_said_twice():
    lines = "".join(districts.action_lines(Edition(2014), "four_new"))
    assert "形成四类平台集群" in lines and "平台经济集群4个" not in lines  # 四类 already says 4
    assert "云计算及关联企业180余家" in lines  # a number the action doesn't state is still given


def test_a_figure_that_disagrees_with_the_action_is_shown(data_copy):
    set_cell(data_copy / "district_figures.csv", "pd_platform_clusters", "value", "5")
    lines = "".join(districts.action_lines(Edition(2014, data_copy.parent), "four_new"))
    assert "形成四类平台集群" in lines and "5个" in lines


def test_a_note_shared_by_a_list_is_said_once():
    ed = Edition(2014)
    fudan = next(c for c in ed.rows("cases.csv") if c["case_id"] == "fudan_corridor")
    points = "".join(districts.case_card(ed, fudan)[2])
    assert points.count("五大功能") == 1 and "知识溢出、成果转化、创业应用、创新服务、要素集聚（五大功能）" in points
