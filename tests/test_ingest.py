"""Reading reports: encodings, bad input, PDF repair, the offset map."""

from __future__ import annotations

from pathlib import Path

import pytest

from courtgraph.errors import InputError
from courtgraph.ingest import normalize, read_report, squash


def test_seed_is_decoded_and_repaired(seed_report):
    text = seed_report.text
    assert seed_report.encoding == "utf-8"
    # spaced-out characters are joined, lines broken mid-sentence are joined
    assert "核心指标结收比达到100.73%" in text
    assert "2024年，德清法院在县委的坚强领导下" in text
    # the space between the halves of a heading is kept, and a heading split over two lines is joined with one
    assert "\n主动服务大局 助推保障高质量发展\n" in text
    assert "\n全面接受监督 落实落细全过程人民民主\n" in text


def test_offset_map_covers_every_character(seed_report):
    raw, text, offsets = seed_report.raw, seed_report.text, seed_report.offsets
    assert len(offsets) == len(text) + 1
    assert list(offsets[:-1]) == sorted(offsets[:-1])
    for i, ch in enumerate(text):
        if ch not in " \n":
            assert raw[offsets[i]] == ch, (i, ch, raw[offsets[i]])


def test_no_source_character_is_lost(seed_report):
    # every non-space character of the raw file appears in the repaired text, in order
    assert squash(seed_report.raw) == squash(seed_report.text)


def test_gbk_copy_reads_the_same(tmp_path: Path, seed_path: Path, seed_report):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(seed_path.read_text(encoding="utf-8").encode("gbk"))
    report = read_report(gbk)
    assert report.encoding == "gb18030"
    assert report.text == seed_report.text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"])
def test_other_encodings(tmp_path: Path, seed_path: Path, seed_report, encoding: str):
    f = tmp_path / f"{encoding}.txt"
    f.write_bytes(seed_path.read_text(encoding="utf-8").encode(encoding))
    assert read_report(f).text == seed_report.text


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (bytes(range(256)) * 8, "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"This is an English text file with no Chinese at all.\n", "no Chinese"),
    ],
)
def test_bad_input_is_refused_with_one_clear_line(tmp_path: Path, content: bytes, reason: str):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_report(f)
    message = str(info.value)
    assert str(f) in message and reason in message and "\n" not in message


def test_missing_file_and_directory(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        read_report(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_report(tmp_path)


def test_page_furniture_and_full_width_digits():
    raw = "审结案件１２３件，同比上\n- 3 -\n升５％。\n第2页\n"
    text, offsets = normalize(raw)
    assert text == "审结案件123件，同比上升5%。"
    assert raw[offsets[text.index("升")]] == "升"


def test_crlf_and_nfc():
    raw = "优化营商环境。出台意见\r\n二份。"
    text, offsets = normalize(raw)
    assert text == "优化营商环境。出台意见二份。"
    assert raw[offsets[text.index("二")]] == "二"
    composed, _ = normalize("Cafe\u0301 法院")
    assert "Café" in composed


def test_number_lines_inside_a_sentence_are_kept():
    # a line that is only a number is a page number only between finished sentences
    raw = "全年审结案件\n326\n件，同比下降2%。受理案件12\n345件。\n7\n加强队伍建设。"
    text, _ = normalize(raw)
    assert text == "全年审结案件326件，同比下降2%。受理案件12345件。\n加强队伍建设。"


def test_big5_is_read_and_misdecoding_is_refused(tmp_path: Path):
    traditional = "2024年，本院審結各類案件一萬餘件，堅持公正司法，服務保障經濟社會發展。" * 4
    f = tmp_path / "big5.txt"
    f.write_bytes(traditional.encode("big5"))
    report = read_report(f)
    assert report.encoding == "big5" and "審結各類案件" in report.text


def test_other_quote_marks_become_chinese_quotes():
    raw = '打造「爱心天平」项目，开展"法治进校园"活动，引用"A"。\n他说"未闭合。'
    text, offsets = normalize(raw)
    assert text == '打造“爱心天平”项目，开展“法治进校园”活动，引用“A”。\n他说"未闭合。'
    assert raw[offsets[text.index("“爱")]] == "「"
