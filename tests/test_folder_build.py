"""Building a folder of reports as people keep them: every form, bad files listed, the rest built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from documents import write_docx, write_html, write_pdf

from courtgraph.cli import main
from courtgraph.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "dev-reports"
SEED = ROOT / "seeds" / "deqing-court-2024.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command line as a user runs it: exit status, stdout, stderr."""
    capsys.readouterr()
    try:
        code = int(main(list(args)) or 0)  # the console script exits with what main returns
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _lines(name: str) -> list[str]:
    return (DEV / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four reports, one in each form, one in a subfolder, and files that are not reports."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "sub").mkdir()
    (root / "deqing-2024.txt").write_bytes(SEED.read_bytes())
    (root / "deqing-2024.meta.yaml").write_bytes(SEED.with_name("deqing-court-2024.meta.yaml").read_bytes())
    write_pdf(root / "xiamen-2024.pdf", _lines("d02-xiamen-zhongyuan-2024.txt"), header="厦门市中级人民法院工作报告", two_column_pages=(1,), small=True)
    (root / "xiamen-2024.meta.yaml").write_text("year: 2024\n", encoding="utf-8")  # a sidecar that gives one field
    write_html(root / "jiangsu-2020.htm", _lines("d03-jiangsu-gaoyuan-2020.txt"), title="江苏省高级人民法院工作报告_江苏法院网")
    write_docx(root / "sub" / "jiading-2023.docx", _lines("d04-jiading-2023.txt"), header="嘉定区人民法院")
    (root / "notes.md").write_text("# 待办\n", encoding="utf-8")
    (root / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    (root / "gold.yaml").write_text("report: {}\n", encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\x00\x01")
    (root / "english.txt").write_text("Minutes of a meeting, in English only.\n", encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8")
    (root / "sub" / "two-in-one.txt").write_text(seed + "\n" + seed, encoding="utf-8")
    return root


def test_folder_build_reads_every_form_lists_what_it_skipped_and_keeps_going(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS

    from courtgraph.ingest import read_report

    paragraphs = read_report(SEED).text.split("\n")
    opening = paragraphs[0][:20]
    out = tmp_path / "out"
    code, stdout, stderr = run(capsys, "build", str(folder), "--out", str(out), "--no-html", "--no-cache", "--jobs", "2")
    assert code == 1, stderr
    problems = stderr.splitlines()
    assert problems == [
        f"Skipped {folder / 'gold.yaml'}: an extraction or graph file: a folder contributes its reports only; name the file on its own to build it",
        f"Skipped {folder / 'notes.md'}: unsupported kind of file (.md); reports are read from .txt, .pdf, .html, .htm, .docx files",
        f"Skipped {folder / 'old.doc'}: not readable: this is an old binary Word .doc file, which courtgraph does not read; "
        "save it as .docx (Word or LibreOffice: Save As, or `soffice --headless --convert-to docx FILE`)",
        f"Failed {folder / 'english.txt'}: the file holds no Chinese text; is it a court work report?",
        f"Failed {folder / 'sub' / 'two-in-one.txt'}: holds 2 reports, not one (they begin at paragraph 1: {opening}…; "
        f"paragraph {1 + len(paragraphs)}: {opening}…); put each report in a file of its own",
    ]
    assert "Built 4 report graph(s)" in stdout
    assert "2 source(s) failed, 3 file(s) skipped" in stdout
    inferred = [line for line in stdout.splitlines() if line.startswith("Inferred")]
    assert inferred == [
        "Inferred from the text (no metadata file gives them): court, level, province, city, county of 1 report(s): " + str(folder / "xiamen-2024.pdf"),
        "Inferred from the text (no metadata file gives them): court, level, year, province, city, county of 2 report(s): "
        + ", ".join(str(folder / name) for name in ("jiangsu-2020.htm", "sub/jiading-2023.docx")),
    ]
    graph = Graph().parse(out / "courtgraph.nt")
    formats = {str(o) for o in graph.objects(None, DCTERMS.format)}
    assert formats == {"text/plain", "application/pdf", "text/html", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    web = [s for s in graph.subjects(DCTERMS.format, Literal("text/html"))]
    assert len(web) == 1
    assert graph.value(web[0], URIRef("https://schema.org/url")) is not None
    assert str(graph.value(web[0], DCTERMS.title)) == "江苏省高级人民法院工作报告_江苏法院网"


def test_fail_fast_stops_at_the_first_bad_report_and_writes_nothing(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, _, stderr = run(capsys, "build", str(folder), "--out", str(out), "--no-cache", "--jobs", "1", "--fail-fast")
    assert code == 1
    assert stderr.strip() == f"Error: {folder / 'english.txt'}: the file holds no Chinese text; is it a court work report?"
    assert not out.exists()


def test_build_of_a_pdf_works_and_an_unsupported_file_says_what_extract_says(tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = run(capsys, "build", str(folder / "xiamen-2024.pdf"), "--out", str(tmp_path / "out"), "--no-html", "--no-cache")
    assert code == 0, stderr
    assert "Built 1 report graph(s)" in stdout
    picture = tmp_path / "scan.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    for name in (picture, folder / "old.doc", tmp_path / "nope.pdf"):
        built = run(capsys, "build", str(name), "--out", str(tmp_path / "out2"), "--no-cache")
        extracted = run(capsys, "extract", str(name))
        assert built[0] == extracted[0] == 1
        assert built[2] == extracted[2] and built[2].startswith(f"Error: {name}: ") and built[2].count("\n") == 1


def test_several_reports_in_one_text_are_refused_never_merged(tmp_path: Path) -> None:
    from courtgraph.extract import extract_report

    data = ROOT / "tests" / "data" / "reports"
    anji, kunshan = (data / "anji-2023.txt").read_text(encoding="utf-8"), (data / "kunshan-2022.txt").read_text(encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8")
    untitled = (data / "no-headings.txt").read_text(encoding="utf-8").split("\n", 1)[1]  # without its title line
    cases = {
        "two titles": f"{anji}\n{kunshan}",
        "two salutations": f"各位代表：\n{seed}\n各位代表：\n{untitled}",
        "two years reviewed": f"2024年工作回顾\n{seed}\n2023年工作回顾\n{untitled}",
        "the same report twice": f"{seed}\n{seed}",
    }
    for case, text in cases.items():
        path = tmp_path / "several.txt"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=r"holds 2 reports, not one .*put each report in a file of its own"):
            extract_report(path)
    # each of these alone is one report
    for text in (anji, kunshan, f"各位代表：\n{seed}", f"2024年工作回顾\n{seed}\n2025年工作安排\n继续做好各项工作。"):
        path = tmp_path / "single.txt"
        path.write_text(text, encoding="utf-8")
        assert extract_report(path).report.court_zh


def _build_with_stderr_on(tmp_path: Path, terminal: bool) -> str:
    import fcntl
    import pty
    import struct
    import termios

    folder = tmp_path / "two"
    folder.mkdir(exist_ok=True)
    for name in ("d05-changping-2020.txt", "d06-jiaojiang-2020.txt"):
        (folder / name).write_bytes((DEV / name).read_bytes())
    command = [sys.executable, "-m", "courtgraph", "build", str(folder), "--out", str(tmp_path / "out"), "--no-html", "--no-cache", "--jobs", "1"]
    if not terminal:
        return subprocess.run(command, capture_output=True, text=True, check=True).stderr
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 columns wide
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=secondary)
    os.close(secondary)
    chunks = []
    while True:  # read while the build runs: a terminal's buffer is small
        try:
            chunk = os.read(main, 4096)
        except OSError:  # every writer of the terminal has closed it
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    stdout, _ = process.communicate()
    assert process.returncode == 0 and b"Built 2 report graph(s)" in stdout
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_is_drawn_on_a_terminal_only(tmp_path: Path) -> None:
    drawn = _build_with_stderr_on(tmp_path, terminal=True)
    assert "Reports" in drawn and "/2 [" in drawn, drawn
    assert _build_with_stderr_on(tmp_path, terminal=False) == ""
