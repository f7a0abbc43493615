"""Clean failure where careless input, a damaged cache or a killed build used to do harm.

Each test is named after the failure it prevents. Builds and commands run for real: the
cache on disk, real control characters in real files, a build killed with SIGKILL, and
folders made unwritable for a process that has given up root's right to ignore that.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from courtgraph.build import build
from courtgraph.cli import cli
from courtgraph.errors import CourtgraphError, InputError, ValidationError
from courtgraph.ingest import read_report

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "deqing-court-2024.txt"
COURTGRAPH = str(Path(sys.executable).parent / "courtgraph")

# A few paragraphs of fiction: no court, no year, no report chapters.
NOVEL = (
    "那年秋天，小镇上来了一个陌生人。他背着一只旧皮箱，走进镇口的茶馆，要了一壶茶，坐了整整三个时辰。\n"
    "茶馆的老板姓李，五十多岁，见过的人不少，却从没见过这样沉默的客人。镇上的人议论纷纷。\n"
    "过了三个月，孩子们都喜欢上了他。他教他们认字、算数，讲外面的故事，说他见过大海和雪山。\n"
    "冬天到了，河面结了冰。第二天，人们发现陌生人不见了，只留下一封信和十二本书。\n"
) * 4


def seed_copy(folder: Path, name: str = "deqing-court-2024.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_bytes(SEED.read_bytes())
    meta = SEED.with_name(SEED.stem + ".meta.yaml")
    target.with_name(target.stem + ".meta.yaml").write_bytes(meta.read_bytes())
    return target


def only_entry(cache: Path) -> Path:
    entries = list((cache / "reports").rglob("*.nt"))
    assert len(entries) == 1
    return entries[0]


# -- the cache --------------------------------------------------------------------------------


def test_cache_entry_with_same_line_count_but_changed_bytes_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build([SEED], out_dir=tmp_path / "a", cache_dir=cache, html=False)
    entry = only_entry(cache)
    text = entry.read_text(encoding="utf-8")
    assert "德清" in text
    altered = text.replace("德清", "某某")
    assert altered.count("\n") == text.count("\n")
    entry.write_text(altered, encoding="utf-8")

    again = build([SEED], out_dir=tmp_path / "b", cache_dir=cache, html=False)
    assert again.from_cache == 0
    assert any("cache entry" in note and "damaged" in note and "built the report again" in note for note in again.notes)
    for suffix in (".nt", ".ttl", ".trig"):
        assert (tmp_path / "b" / f"courtgraph{suffix}").read_bytes() == (tmp_path / "a" / f"courtgraph{suffix}").read_bytes()
    assert "某某" not in (tmp_path / "b" / "courtgraph.nt").read_text(encoding="utf-8")
    assert first.triples == again.triples
    # the rebuilt entry replaced the damaged one and is trusted next time
    assert build([SEED], out_dir=tmp_path / "c", cache_dir=cache, html=False).from_cache == 1


def test_the_first_read_of_an_entry_trusts_it_exactly_when_the_full_read_does(tmp_path: Path) -> None:
    # a build lists its reports from the entries' headers and reads their lines later: the
    # header read must refuse every entry the full read refuses, and say the same of the rest
    import hashlib
    import json

    from courtgraph.cache import DamagedEntry, read_entry, read_head

    cache = tmp_path / "cache"
    build([SEED], out_dir=tmp_path / "a", cache_dir=cache, html=False)
    entry = only_entry(cache)
    key = entry.stem
    whole = read_entry(cache, key)
    assert whole is not None and read_head(cache, key) == whole.head()
    assert whole.head().lines == len(whole.own) + len(whole.shared) > 1000
    original = entry.read_bytes()
    header, body = original.split(b"\n", 1)
    # the entry's layout: its header as one line of JSON, a newline, then its own and shared
    # lines in UTF-8, the header's digest that of those bytes
    assert header == json.dumps(json.loads(header), ensure_ascii=False).encode("utf-8")
    assert json.loads(header)["sha256"] == hashlib.sha256(body).hexdigest()
    assert body == "".join(whole.own + whole.shared).encode("utf-8")

    def forged(change: dict[str, object], new_body: bytes = body) -> bytes:
        # a header rewritten with the digest of the body it sits on: only its fields are wrong
        fields = {**json.loads(header), "sha256": hashlib.sha256(new_body).hexdigest(), **change}
        fields = {k: v for k, v in fields.items() if v is not None}
        return json.dumps(fields, ensure_ascii=False).encode("utf-8") + b"\n" + new_body

    damaged = {
        "a byte changed": original.replace("德清".encode(), "某某".encode(), 1),
        "cut short": original[: len(original) // 2],
        "one line too many counted": forged({"own": json.loads(header)["own"] + 1}),
        "a line fewer in the body": forged({}, body[: body.rindex(b"\n", 0, len(body) - 1) + 1]),
        "no graph named": forged({"graph": None}),
        "counts that are not numbers": forged({"own": "many"}),
        "not UTF-8, with its digest": forged({}, body.replace("德".encode(), b"\xff\xfe\xfd", 1)),
        "no header": body,
        # an entry is not flushed to disk when written: a crash may leave it empty or zeroed
        "empty": b"",
        "zeroed": bytes(len(original)),
        "its body zeroed": header + b"\n" + bytes(len(body)),
    }
    for what, data in damaged.items():
        entry.write_bytes(data)
        with pytest.raises(DamagedEntry):
            read_entry(cache, key)
        with pytest.raises(DamagedEntry):
            read_head(cache, key)
    entry.write_bytes(forged({"notes": ["said again"]}))  # a header that is whole: both read it alike
    assert read_head(cache, key) == read_entry(cache, key).head() and read_head(cache, key).notes == ("said again",)
    entry.unlink()
    assert read_head(cache, key) is None and read_entry(cache, key) is None


def test_cache_entry_with_a_broken_iri_is_rebuilt_instead_of_failing_every_build(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build([SEED], out_dir=tmp_path / "a", cache_dir=cache, html=False)
    entry = only_entry(cache)
    lines = entry.read_text(encoding="utf-8").split("\n")
    k = next(n for n, line in enumerate(lines) if n and line.startswith("<https://"))
    lines[k] = "<https://broken iri>" + lines[k][lines[k].index(">") + 1:]
    entry.write_text("\n".join(lines), encoding="utf-8")

    again = build([SEED], out_dir=tmp_path / "b", cache_dir=cache, html=False)
    assert again.from_cache == 0
    assert (tmp_path / "b" / "courtgraph.nt").read_bytes() == (tmp_path / "a" / "courtgraph.nt").read_bytes()
    result = CliRunner().invoke(cli, ["build", str(SEED), "--out", str(tmp_path / "c"), "--cache-dir", str(cache), "--no-html"])
    assert result.exit_code == 0, result.output


# -- control characters -----------------------------------------------------------------------


def test_a_report_with_nul_bytes_is_refused_as_binary_not_given_a_theme_labelled_nul(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    cut = data.index("。".encode()) + 3
    report = tmp_path / "nul.txt"
    report.write_bytes(data[:cut] + b"\x00\x00" + data[cut:])
    before = data[:cut].decode("utf-8")
    line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
    for args in (["extract", str(report)], ["build", str(report), "--out", str(tmp_path / "out"), "--no-cache"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code != 0
        assert isinstance(result.exception, InputError)
        assert "NUL" in str(result.exception) and "2 NUL byte(s)" in str(result.exception)
        assert f"the first at line {line}, column {column}" in str(result.exception)
    assert not (tmp_path / "out").exists()


def test_control_characters_are_dropped_with_a_warning_and_offsets_still_point_into_the_raw_text(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    first_break = text.index("\n")
    # a bell in the first line, an escape and a backspace further on, inside sentences
    sentence = text.index("。", first_break + 200)
    damaged = text[:5] + "\x07" + text[5:sentence] + "\x1b\x08" + text[sentence:]
    report = tmp_path / "ctl.txt"
    report.write_text(damaged, encoding="utf-8")

    with pytest.warns(UserWarning, match=r"dropped 3 control character\(s\) \(U\+0007, U\+0008, U\+001B\), the first at line 1, column 6"):
        read = read_report(report)
    assert read.raw == damaged  # the raw text is kept whole
    assert not any(ch in read.text for ch in "\x07\x1b\x08")
    clean = read_report(SEED)
    assert read.text == clean.text
    # every repaired character still maps to the raw character it came from
    shift = [0 if o < 5 else 1 if o < sentence else 3 for o in clean.offsets[:-1]]
    assert list(read.offsets[:-1]) == [o + s for o, s in zip(clean.offsets[:-1], shift)]
    assert all(damaged[read.offsets[k]] not in "\x07\x1b\x08" for k in range(len(read.text)))

    result = CliRunner().invoke(cli, ["extract", str(report)])
    assert result.exit_code == 0
    assert "Warning: " in result.stderr and "dropped 3 control character(s)" in result.stderr
    assert "\\u001b" not in result.stdout and "\\u0007" not in result.stdout


# -- texts that are not reports, and texts too large --------------------------------------------


def test_a_text_with_no_court_year_or_structure_is_refused_unless_forced(tmp_path: Path) -> None:
    novel = tmp_path / "novel.txt"
    novel.write_text(NOVEL, encoding="utf-8")
    with pytest.raises(CourtgraphError, match=r"found no court .*no year .*does not read as a court work report.*--force"):
        build([novel], out_dir=tmp_path / "out", use_cache=False)
    assert not (tmp_path / "out").exists()

    # extract says so and still extracts: an excerpt of a report is worth reading
    said = CliRunner().invoke(cli, ["extract", str(novel)])
    assert said.exit_code == 0 and '"themes"' in said.stdout
    assert "does not read as a court work report" in said.stderr and "build refuses it unless --force" in said.stderr
    # forced, the build goes on and the shapes then say what such a graph lacks
    with pytest.raises(ValidationError):
        build([novel], out_dir=tmp_path / "out", use_cache=False, force=True)
    # a report without chapters is still a report
    assert build([SEED], out_dir=tmp_path / "seed", use_cache=False, html=False).triples > 0


def test_a_refused_text_is_refused_again_when_its_extraction_comes_from_the_cache(tmp_path: Path) -> None:
    novel = tmp_path / "novel.txt"
    novel.write_text(NOVEL, encoding="utf-8")
    cache = tmp_path / "cache"
    with pytest.raises(CourtgraphError):
        build([novel], out_dir=tmp_path / "out", cache_dir=cache)
    assert list((cache / "reports").rglob("*.nt"))  # the extraction was kept …
    with pytest.raises(CourtgraphError, match="does not read as a court work report"):
        build([novel], out_dir=tmp_path / "out", cache_dir=cache)  # … and refused again


def test_input_over_the_size_limit_is_refused_unless_max_size_raises_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:  # 6 MB; sparse, and never read: the size alone refuses it
        handle.truncate(6_000_000)
    for args in (["extract", str(huge)], ["build", str(huge), "--out", str(tmp_path / "out"), "--no-cache"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1
        assert "6.0 MB is more than the 5 MB" in str(result.exception) and "--max-size 7" in str(result.exception)
    assert not (tmp_path / "out").exists()

    size = SEED.stat().st_size  # about 7.7 KB: refused under a lower limit, read under a higher one
    low, high = f"{size / 2e6:.4f}", f"{size * 2 / 1e6:.4f}"
    assert CliRunner().invoke(cli, ["extract", str(SEED), "--max-size", low]).exit_code == 1
    assert CliRunner().invoke(cli, ["extract", str(SEED), "--max-size", high]).exit_code == 0
    with pytest.raises(InputError, match="--max-size"):
        build([SEED], out_dir=tmp_path / "out", use_cache=False, max_size=size // 2)
    assert build([SEED], out_dir=tmp_path / "out", use_cache=False, html=False, max_size=size * 2).triples > 0


# -- a killed build, and folders that cannot be written ----------------------------------------


def test_a_build_killed_with_sigkill_leaves_nothing_the_next_build_does_not_remove(tmp_path: Path) -> None:
    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    out = tmp_path / "out"
    env = {**os.environ, "TMPDIR": str(scratch_root)}
    killed = subprocess.Popen([COURTGRAPH, "build", str(SEED), "--out", str(out), "--no-cache", "--jobs", "1"], env=env)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith("courtgraph-build-") for p in scratch_root.iterdir()):
        assert killed.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    left = [p for p in scratch_root.iterdir() if p.name.startswith("courtgraph-build-")]
    assert left, "a killed build leaves its scratch folder"
    # what a build killed while writing its outputs leaves beside them, and what a build
    # still running (this test's own process) has there
    out.mkdir(exist_ok=True)
    dead_file = out / f".courtgraph.nt.{killed.pid}.x1y2z3.tmp"
    live_file = out / f".courtgraph.ttl.{os.getpid()}.a1b2c3.tmp"
    unrelated = out / ".notes.tmp"
    for path in (dead_file, live_file, unrelated):
        path.write_text("partial", encoding="utf-8")

    done = subprocess.run([COURTGRAPH, "build", str(SEED), "--out", str(out), "--no-cache", "--jobs", "1", "--no-html"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not any(p.name.startswith("courtgraph-build-") for p in scratch_root.iterdir())
    assert not dead_file.exists()
    assert live_file.exists() and unrelated.exists()
    assert "removed 1 temporary file(s)" in done.stderr and "removed 1 scratch folder(s)" in done.stderr


def test_half_written_cache_entries_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build([SEED], out_dir=tmp_path / "a", cache_dir=cache, html=False)
    folder = only_entry(cache).parent
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id that no longer runs, as a worker's after kill -9
    dead = folder / f".{'0' * 64}.nt.{gone.pid}.k9k9k9k9.tmp"
    live = folder / f".{'1' * 64}.nt.{os.getpid()}.a1a1a1a1.tmp"
    for path in (dead, live):
        path.write_text("{\"graph\": ", encoding="utf-8")
    again = build([SEED], out_dir=tmp_path / "a", cache_dir=cache, html=False)
    assert not dead.exists() and live.exists()
    assert f"removed 1 half-written cache file(s) left in {cache} by a build that was killed" in again.notes
    assert again.from_cache == 1


def unprivileged(command: list[str]) -> list[str]:
    """The command, run without root's right to write where permissions forbid it."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--", *command]


def test_a_read_only_cache_folder_is_named_and_the_build_goes_on_without_it(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o555)
    out = tmp_path / "out"
    try:
        done = subprocess.run(unprivileged([COURTGRAPH, "build", str(SEED), "--out", str(out), "--cache-dir", str(cache), "--no-html"]),
                              capture_output=True, text=True, timeout=300)
    finally:
        cache.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert f"Warning: the cache folder {cache} cannot be written (Permission denied); building without a cache" in done.stderr
    assert "vanished" not in done.stderr
    assert (out / "courtgraph.ttl").stat().st_size > 0
    assert list(cache.iterdir()) == []


def test_a_read_only_output_folder_is_named_in_the_error_not_a_hidden_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        done = subprocess.run(unprivileged([COURTGRAPH, "build", str(SEED), "--out", str(out), "--no-cache", "--no-html"]),
                              capture_output=True, text=True, timeout=300)
    finally:
        out.chmod(0o755)
    assert done.returncode == 1
    assert done.stderr.strip() == f"Error: {out}: cannot write in this folder (Permission denied)"
    assert list(out.iterdir()) == []
