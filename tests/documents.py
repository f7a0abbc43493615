"""Report files in the forms people have them, written by the tests from a report's text.

Each function takes the lines of a plain-text report (one paragraph a line) and writes the
same report as a typeset PDF, a saved web page or a Word file, the way such files are made:
a PDF justified in a CJK font with indented paragraphs, running header, page numbers and a
two-column page; a web page inside a government site's chrome in GBK; a .docx with a page
header and footer and a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei
FONT = "WenQuanYi"
SIZE = 11.0
PITCH = 18.0


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
    return FONT


def _tokens(text: str) -> list[str]:
    """Characters, with each run of ASCII letters and digits kept whole (typesetters do not
    break inside one)."""
    tokens: list[str] = []
    for ch in text:
        if tokens and ch.isascii() and ch.isalnum() and tokens[-1][-1:].isascii() and tokens[-1][-1:].isalnum():
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def _take(tokens: list[str], room: float) -> tuple[str, list[str]]:
    """As many tokens as fit in ``room`` points (at least one), and the rest."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    n = 1
    while n < len(tokens) and stringWidth("".join(tokens[: n + 1]), FONT, SIZE) <= room:
        n += 1
    return "".join(tokens[:n]), tokens[n:]


def write_pdf(path: Path, lines: Sequence[str], *, header: str = "", two_column_pages: Sequence[int] = (2,), small: bool = False) -> Path:
    """Typeset ``lines`` as an A4 (``small``: A5) PDF: justified, paragraphs indented by two
    characters, a running ``header`` and a page number on every page, the pages in
    ``two_column_pages`` set in two columns. A one-page document gets no running header (it
    would read as its title)."""
    import io

    if header and _typeset(io.BytesIO(), lines, "", two_column_pages, small) == 1:
        header = ""
    _typeset(str(path), lines, header, two_column_pages, small)
    return path


def _typeset(target: object, lines: Sequence[str], header: str, two_column_pages: Sequence[int], small: bool) -> int:
    """Draw the document into ``target`` (a path or a binary file); returns its page count."""
    from reportlab.lib.pagesizes import A4, A5
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _font()
    page_w, page_h = A5 if small else A4
    margin, gutter, top, bottom = (54.0, 20.0, 80.0, 75.0) if small else (72.0, 24.0, 110.0, 90.0)
    pdf = canvas.Canvas(target, pagesize=(page_w, page_h), invariant=1)
    page = 1

    def columns(number: int) -> list[tuple[float, float]]:
        if number in two_column_pages:
            col = (page_w - 2 * margin - gutter) / 2
            return [(margin, col), (margin + col + gutter, col)]
        return [(margin, page_w - 2 * margin)]

    def furniture(number: int) -> None:
        pdf.setFont(FONT, 9)
        if header:
            pdf.drawCentredString(page_w / 2, page_h - top / 2.5, header)
        pdf.drawCentredString(page_w / 2, bottom / 2.5, f"- {number} -")

    furniture(page)
    cols = columns(page)
    col = 0
    y = page_h - top
    for paragraph in (ln.strip() for ln in lines):
        rest, first = _tokens(paragraph), True
        while rest:
            if y < bottom:
                col += 1
                if col == len(cols):
                    pdf.showPage()
                    page += 1
                    furniture(page)
                    cols, col = columns(page), 0
                y = page_h - top
            x0, width = cols[col]
            indent = 2 * SIZE if first else 0.0
            line, rest = _take(rest, width - indent)
            text = pdf.beginText(x0 + indent, y)
            text.setFont(FONT, SIZE)
            if rest and len(line) > 1:  # justified: the slack shared between the characters
                slack = width - indent - stringWidth(line, FONT, SIZE)
                text.setCharSpace(max(0.0, slack / (len(line) - 1)))
            text.textOut(line)
            pdf.drawText(text)
            y -= PITCH
            first = False
    pdf.showPage()
    pdf.save()
    return page


_CHROME_TOP = """<!DOCTYPE html>
<!-- saved from url=(0052){url} -->
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}</title>
<link rel="stylesheet" href="style.css"><script>var _hmt = _hmt || [];</script>
</head><body>
<div class="top-bar">欢迎访问 | 无障碍浏览 | 长者模式 | 登录 注册</div>
<div class="banner"><img src="logo.png" alt="人民法院网站"><span>人民法院门户网站</span></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/news/">法院动态</a></li><li><a href="/open/">审务公开</a></li>
<li><a href="/service/">诉讼服务</a></li><li><a href="/contact/">联系我们</a></li></ul></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/news/">法院动态</a> &gt; 正文</div>
<div class="main"><div class="article">
<h1 class="article-title">{title}</h1>
<div class="info">来源：本院 作者：办公室 发布时间：2025-02-18 09:30 浏览次数：1024 字号：【大 中 小】</div>
<div class="article-content" id="zoom">
"""
_CHROME_BOTTOM = """<p class="img"><img src="meeting.jpg"></p><p class="caption">图为代表审议法院工作报告现场。（摄影 王某）</p>
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a> 【打印本页】【关闭窗口】</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a/1.html">人民陪审员选任公告</a></li><li><a href="/a/2.html">诉讼服务指南</a></li></ul></div>
</div></div>
<div class="footer"><p>版权所有：人民法院 地址：人民路1号 邮编：000000</p><p>网站标识码：0000000000 备案号：ICP备00000000号</p></div>
</body></html>
"""


def write_html(path: Path, lines: Sequence[str], *, title: str, url: str = "http://www.example.gov.cn/news/2025/0218/1234.html") -> Path:
    """A saved web page in GBK (declared GB2312, as many sites do) with the report's
    paragraphs inside a court site's banner, navigation, byline, caption, share buttons and footer."""
    from html import escape

    body = "".join(f"<p>{escape(line.strip())}</p>\n" for line in lines if line.strip())
    page = _CHROME_TOP.format(url=url, title=escape(title)) + body + _CHROME_BOTTOM
    path.write_bytes(page.encode("gbk"))
    return path


def write_docx(path: Path, lines: Sequence[str], *, header: str = "", table: Sequence[Sequence[str]] = ()) -> Path:
    """A Word file: one paragraph a line, a page header and footer, and a table after the text."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
        section.footer.paragraphs[0].text = "第1页"
    for line in lines:
        if line.strip():
            document.add_paragraph(line.strip())
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(str(path))
    return path
