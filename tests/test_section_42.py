"""Section 4.2 on the built pages: all 17 units, every theme, case, slogan, figure and the industry table."""
import re

import pytest

from test_book_html import page
from test_section_41 import text_of

UNITS = ["黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "闸北区", "虹口区", "杨浦区", "浦东新区",
         "闵行区", "宝山区", "嘉定区", "金山区", "松江区", "青浦区", "奉贤区", "崇明县"]


@pytest.fixture(scope="module")
def pages(edition_2014):
    return {n: text_of(page(edition_2014, n)) for n in ("districts_overview", "districts_themes", "district_industries")}


def test_all_seventeen_units_on_one_page(pages):
    t = pages["districts_overview"]
    for u in UNITS:
        assert u in t, u
    assert "17个区县级行政单位（16个区、1个县）" in t and "即全部区县" in t
    assert "2015年并入静安区" in t and "改称崇明区" in t


def test_theme_coverage_is_counted(pages):
    t = pages["districts_overview"]
    for s in ("结构转型与产业集聚涉及7个区县", "“四新”经济涉及5个区县", "自贸区的溢出效应涉及2个区县", "协同创新涉及9个区县",
              "黄浦区、闸北区、浦东新区，各出现在3个主题中", "普陀区、青浦区"):
        assert s in t, s


@pytest.mark.parametrize("fact", [
    "大五角场中央智力区", "五角场商圈", "创智天地", "环同济知识经济圈", "三个中心", "七宝生态商务区", "国家试听产业基地",
    "星尚河谷产业园", "北上海环上大地区", "电影后期制作", "跨国金融功能区", "外资金融试验区", "创新金融实践区", "邮轮码头",
    "邮轮港", "邮轮城", "北外滩", "国际航运服务中心", "新能源汽车", "平台经济", "大宗商品交易平台", "互联网金融服务平台",
    "文化教育和健康生活平台", "网上购物平台", "一基地、六分园", "市北高新区", "E构空间", "180余家", "外滩金融创新试验区",
    "30多家", "生命健康服务业", "跨境电子商务基地", "知识产权局", "三个一口", "一口咨询", "一口受理", "一口汇总",
    "《关于进一步提升自主创新能力的实施意见》", "负面清单", "有限政府", "中国科技大学量子工程卓越中心", "量子通信",
    "杨浦国家创新型试点城区", "《共建上海互联网金融产业基地务实合作备忘录》", "市金融办", "新一轮市区联动协议",
    "科技特派员计划", "院士专家工作站", "院士专家金山行", "可持续发展科技创新行动计划", "崇明国家可持续发展实验区",
])
def test_theme_facts(pages, fact):
    assert fact in pages["districts_themes"]


@pytest.mark.parametrize("fact", [
    "浦东临港科技创新城", "一城一带一中心", "海洋高新基地", "科技成果展示交易中心", "发电及输变电设备", "汽车整车及零部件",
    "海洋工程", "航空零部件配套", "12英寸硅片生产线", "现代有轨电车产业基地",
    "普陀桃浦科技智慧城", "一谷两园", "桃浦安防智慧谷", "智能环保节能园", "生命健康产业园", "临港集团", "华谊集团",
    "国家质量追溯与防伪数据中心", "上海市转型发展的示范区", "中心城区的新地标", "产城融合发展的新亮点",
    "中国北斗产业技术创新西虹桥基地", "机器人", "无人机", "高精度板卡及芯片", "智能交通", "导航与位置服务技术融合创新联合实验室",
    "测绘遥感信息工程国家重点实验室研究中心", "超算研究院", "北斗西虹桥基地引进的业界龙头企业及机构：30多家",
    "虹桥互联网金融财富天地", "六位一体", "旗帜、品牌、载体、政策、基金、交流平台", "互联网金融千人会上海分会", "南极圈",
    "银联", "联信财富", "徐汇创新生态体系", "投资+孵化+产业资源", "互联网产业新型孵化器", "创新创业孵化引领区",
    "复旦创新走廊", "知识溢出", "成果转化", "创业应用", "创新服务", "要素集聚", "复旦大学管理学院新院区", "复旦产业研究院",
    "城市发展研究院",
])
def test_case_boxes(pages, fact):
    assert fact in pages["districts_themes"]


def test_case_boxes_are_boxes(edition_2014):
    html = page(edition_2014, "districts_themes")
    assert len(re.findall(r'class="tip case-box admonition"', html)) == 6


def test_industry_table(pages, edition_2014):
    t = pages["district_industries"]
    for u in UNITS:
        assert u in t, u
    for s in ("云计算", "互联网金融（2个区县）", "邮轮经济", "北斗导航与位置服务", "紫竹国家高新技术产业开发区", "（报告未述及）"):
        assert s in t, s
    assert 'id="tbl-district-industries"' in page(edition_2014, "district_industries")


def test_three_figures_with_alt_and_csv(edition_2014):
    for name, fig in (("districts_overview", "district-tiles"), ("districts_overview", "district-theme-matrix"),
                      ("districts_themes", "collaboration-network")):
        html = page(edition_2014, name)
        img = re.search(rf'<img alt="([^"]+)" src="[^"]*{fig}\.svg"', html)
        assert img and "浦东新区" in img.group(1), fig
        assert f"{fig}.csv" in html


def test_collaboration_counts(pages):
    assert "19对“区县—合作方”关系" in pages["districts_themes"]
    assert "市经济信息化委、市金融办（4个区县）" in pages["districts_themes"]
