"""The key-work table read back item by item from a PDF laid out as a word processor does it: other
heading words, the header not repeated on the next page, and a row split over the page break with
the ruling closed on both pages. (The portal's own print of the demo and of generated reports, where
no row is split: test_round_trip.py.)"""

import pytest

from disclosures.pdf import engine, fonts
from disclosures.pdf.render import html_pdf_bytes
from disclosures.published.document import published_read
from disclosures.published.key_work import KeyWorkRead

LONG = "按照年度工作安排，逐项落实城乡居民基本养老保险经办规程，开展参保缴费、待遇核定和发放、关系转移接续等业务。" * 14

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<style>tr {{ break-inside: auto; }} thead {{ display: table-row-group; }}
table {{ border-collapse: separate; border-spacing: 0; }} td, th {{ box-decoration-break: clone; }}</style></head><body>
<h2>第一部分 单位概况</h2><p>负责全区城乡居民社会养老保险的经办工作。</p>
<h2>第四部分 2024年重点工作完成情况</h2>
<p>全年完成以下重点工作。</p>
<table class="list"><thead><tr><th>序号</th><th>重点工作事项</th><th>主要内容</th><th>完成情况</th></tr></thead>
<tbody>{rows}</tbody></table>
<h2>第五部分 名词解释</h2><p>1. 财政拨款收入：指本年度从本级财政部门取得的财政拨款。</p>
</body></html>"""


@pytest.fixture(scope="module")
def document():
    if fonts.build_fonts():
        engine.reset()
    items = [(1, "全民参保计划", "扩大参保覆盖面。" * 30, "已完成"), (2, "经办规程落实", LONG, "扎实推进"), (3, "基金风险防控", "整改到位。", "")]
    rows = "".join(f"<tr><td>{n}</td><td>{title}</td><td>{content}</td><td>{status}</td></tr>" for n, title, content, status in items)
    return published_read(data=html_pdf_bytes(PAGE.format(rows=rows)))


def test_a_key_work_table_in_other_words_and_split_over_a_page_reads_item_by_item(document):
    part = document.part("key_work")
    assert len(part.pages) == 2  # the second item's row runs on over the page break
    assert document.key_work == [
        KeyWorkRead(1, "全民参保计划", "扩大参保覆盖面。" * 30, "已完成"),
        KeyWorkRead(2, "经办规程落实", LONG, "扎实推进"),
        KeyWorkRead(3, "基金风险防控", "整改到位。", ""),
    ]
    assert document.sections["key_work.summary"] == "全年完成以下重点工作。"

