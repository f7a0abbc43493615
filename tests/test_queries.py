"""Named queries answer the competency questions; the query front end checks, binds and formats.

The expected answers are read from tests/gold/competency-questions.md, not written here.
Each question runs twice: on the graph of the gold annotation (which proves the queries) and
on the graph of the real extractor's output for the seed report (which may fail honestly while
extraction is wrong).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Dataset, Graph
from iris import COURT_IRI, PROCURATORATE_IRI

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "deqing-2024.yaml"
SEED = ROOT / "seeds" / "deqing-court-2024.txt"
QUESTIONS = ROOT / "tests" / "gold" / "competency-questions.md"
QUERIES = ROOT / "queries"


def squash(text: str) -> str:
    return "".join(str(text).split())


def expected_answers() -> dict[str, set[str]]:
    """Question id (``Q1`` …, ``Q6:<X>`` for each X of Q6) -> the answer set of the markdown."""
    text = QUESTIONS.read_text(encoding="utf-8")
    found: dict[str, set[str]] = {}
    for match in re.finditer(r"^## Q(\d+)\.(.*?)(?=^## Q|\Z)", text, flags=re.M | re.S):
        number, body = match.group(1), match.group(2)
        if number == "6":
            for x, block in re.findall(r"For X = (.+?), the answer is.*?```yaml\n(.*?)```", body, flags=re.S):
                found[f"Q6:{x.strip()}"] = {squash(v) for v in yaml.safe_load(block)}
            continue
        block = re.search(r"^answer:\s*\n```yaml\n(.*?)```", body, flags=re.M | re.S)
        assert block is not None, f"no answer block for Q{number}"
        found[f"Q{number}"] = {squash(v) for v in yaml.safe_load(block.group(1))}
    return found


EXPECTED = expected_answers()


@pytest.fixture(scope="module")
def gold_ds() -> Dataset:
    from courtgraph.sources import load_dataset

    return load_dataset([GOLD])


@pytest.fixture(scope="module")
def seed_ds() -> Dataset:
    from courtgraph.sources import load_dataset

    return load_dataset([SEED])


def answer_of(question: str, dataset: Dataset) -> set[str]:
    from courtgraph.query import named_query, run_query

    number, _, x = question.partition(":")
    named = named_query(f"cq{int(number[1:]):02d}")
    params = dict(named.params)
    if x:
        params["name"] = x
    result = run_query(named.text, dataset, params=params)
    assert result.variables[0] == "answer"
    return {squash(v) for v in result.column("answer")}


def test_the_markdown_gives_twelve_questions() -> None:
    assert {q.split(":")[0] for q in EXPECTED} == {f"Q{n}" for n in range(1, 13)}
    assert len([q for q in EXPECTED if q.startswith("Q6:")]) == 3


@pytest.mark.parametrize("question", sorted(EXPECTED, key=lambda q: (int(q.split(":")[0][1:]), q)))
def test_competency_question_on_gold_graph(question: str, gold_ds: Dataset) -> None:
    assert answer_of(question, gold_ds) == EXPECTED[question]


@pytest.mark.parametrize("question", sorted(EXPECTED, key=lambda q: (int(q.split(":")[0][1:]), q)))
def test_competency_question_on_seed_graph(question: str, seed_ds: Dataset) -> None:
    assert answer_of(question, seed_ds) == EXPECTED[question]


def test_every_named_query_states_its_question_in_both_languages() -> None:
    from courtgraph.query import named_queries

    queries = named_queries()
    assert {f"cq{n:02d}" for n in range(1, 13)} <= set(queries)
    assert {"initiatives-by-theme", "organisation-facts", "quantities-with-sentences"} <= set(queries)
    for name, named in queries.items():
        assert named.text.startswith("#"), name
        assert re.search(r"[\u4e00-\u9fff]", named.question_zh), name
        assert re.search(r"[a-z]", named.question_en), name


def _normalised_rows(text: str) -> set[tuple[str, ...]]:
    rows = list(csv.reader(io.StringIO(text)))[1:]
    # GROUP_CONCAT order is unspecified, so compare its parts as sets
    return {tuple("、".join(sorted(re.split("[、；]", cell))) for cell in row) for row in rows}


def test_oxigraph_store_gives_the_same_answers() -> None:
    from courtgraph.query import named_queries, run_query
    from courtgraph.results import format_result
    from courtgraph.sources import load_dataset

    memory = load_dataset([GOLD], store="memory")
    oxigraph = load_dataset([GOLD], store="oxigraph")
    assert type(oxigraph.store).__name__ != type(memory.store).__name__
    for name, named in named_queries().items():
        a = format_result(run_query(named.text, memory, params=named.params), "csv")
        b = format_result(run_query(named.text, oxigraph, params=named.params), "csv")
        assert _normalised_rows(a) == _normalised_rows(b), name
        assert a.splitlines()[0] == b.splitlines()[0]


def test_malformed_query_fails_before_execution_with_line_and_column() -> None:
    from courtgraph.errors import QueryError
    from courtgraph.query import run_query

    class Untouchable(Dataset):
        def query(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
            raise AssertionError("the query ran")

    bad = "SELECT ?x\nWHERE {\n  ?x a cg:Court .\n  FILTER(?x = ) }"
    with pytest.raises(QueryError) as info:
        run_query(bad, Untouchable())
    message = str(info.value)
    assert "\n" not in message
    assert re.search(r"line 4, column \d+", message), message  # the prefix prologue is not counted
    assert "FILTER(?x = )" in message
    with pytest.raises(QueryError, match="Unknown namespace prefix"):
        run_query("SELECT ?x WHERE { ?x a nope:Thing }", Untouchable())
    with pytest.raises(QueryError, match="updates are refused"):
        run_query("# sneaky\nINSERT DATA { <urn:a> <urn:b> <urn:c> }", Untouchable())


def test_result_formats(gold_ds: Dataset) -> None:
    from courtgraph.query import run_query
    from courtgraph.results import format_result

    select = run_query("SELECT ?answer ?value WHERE { ?q cg:rank ?r ; cg:measure ?answer ; schema:value ?value FILTER(LANG(?answer)='zh') } ORDER BY ?value", gold_ds)
    payload = json.loads(format_result(select, "json"))
    assert payload["head"]["vars"] == ["answer", "value"]
    first = payload["results"]["bindings"][0]
    assert first["answer"] == {"type": "literal", "value": "核心指标结收比", "xml:lang": "zh"}
    assert first["value"]["datatype"].endswith("#decimal")
    tsv = format_result(select, "tsv").splitlines()
    assert tsv[0] == "?answer\t?value" and tsv[1].startswith('"核心指标结收比"@zh\t')
    table = format_result(select, "table")
    assert "核心指标结收比" in table and table.rstrip().endswith("(3 rows)")
    ask = run_query("ASK { ?c a cg:Court }", gold_ds)
    assert format_result(ask, "table") == "true\n" and json.loads(format_result(ask, "json"))["boolean"] is True
    construct = run_query("CONSTRUCT { ?o rdfs:label ?l } WHERE { ?i cg:partner ?o . ?o rdfs:label ?l }", gold_ds)
    assert len(Graph().parse(data=format_result(construct, "table"), format="turtle")) == len(construct.graph)
    describe = run_query(f"DESCRIBE <{COURT_IRI}>", gold_ds)
    assert describe.graph is not None and len(describe.graph) > 0


def test_parameters_must_be_projected(gold_ds: Dataset) -> None:
    from courtgraph.errors import QueryError
    from courtgraph.query import run_query

    with pytest.raises(QueryError, match="not projected"):
        run_query("SELECT ?a WHERE { ?a a cg:Court }", gold_ds, params={"b": "x"})


def test_analyst_queries_return_rows(gold_ds: Dataset) -> None:
    from courtgraph.query import named_query, run_query

    by_theme = run_query(named_query("initiatives-by-theme").text, gold_ds)
    assert len(by_theme.rows) == 25  # every initiative of the gold file sits in a work area
    facts = named_query("organisation-facts")
    rows = run_query(facts.text, gold_ds, params={"org": "德清县人民检察院"})
    assert {"沟通协调机制", "原始瓷遗址司法保护基地", "procuratorate", "partner"} <= set(rows.column("value"))
    quantities = run_query(named_query("quantities-with-sentences").text, gold_ds)
    assert len(set(quantities.column("answer"))) == 25  # 26 metrics, one measure counted twice (件 and 人)


# one organisation and every kind of fact about it, each sentence different, so a fact that took
# another fact's sentence (or a sentence where it has none) is seen; a second report names
# initiative A's partnership again, with no sentence of its own
FACTS_TRIG = """
@prefix cg: <https://w3id.org/courtgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/r1/> .
<https://example.org/r1> {
  ex:org a cg:Organisation ; cg:mention "县检察院"@zh ; cg:canonicalName "某县人民检察院"@zh ;
      cg:role ex:partner-role ; cg:orgKind ex:kind ; cg:sourceSentence ex:s-org .
  ex:partner-role skos:notation "partner" .
  ex:kind skos:notation "procuratorate" .
  ex:s-org cg:text "一、县检察院在报告中出现。"@zh .
  ex:a a cg:Initiative ; rdfs:label "甲机制"@zh , "Mechanism A"@en ; cg:partner ex:org ;
      cg:qualifiedPartnership ex:rel-a ; cg:sourceSentence ex:s-a .
  ex:rel-a a cg:Partnership ; cg:target ex:org ; cg:evidence ex:span-a .
  ex:span-a cg:inSentence ex:s-rel .
  ex:s-rel cg:text "二、与县检察院共建甲机制。"@zh .
  ex:s-a cg:text "三、甲机制上线运行。"@zh .
  ex:b a cg:Initiative ; rdfs:label "乙平台"@zh ; cg:partner ex:org ;
      cg:qualifiedPartnership ex:rel-b ; cg:sourceSentence ex:s-b .
  ex:rel-b a cg:Partnership ; cg:target ex:org .
  ex:s-b cg:text "四、乙平台建成。"@zh .
  ex:c a cg:Initiative ; rdfs:label "丙行动"@zh ; cg:partner ex:org .
  ex:award a cg:Award ; rdfs:label "先进集体"@zh ; cg:recipient ex:org ; cg:sourceSentence ex:s-award .
  ex:s-award cg:text "五、县检察院获评先进集体。"@zh .
}
<https://example.org/r2> {
  ex:a cg:qualifiedPartnership ex:rel-a-again .
  ex:rel-a-again a cg:Partnership ; cg:target ex:org .
}
"""


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_organisation_facts_give_each_fact_the_sentence_that_states_it(store: str, tmp_path: Path) -> None:
    """A partnership's own sentence (from any report that gives one), else its initiative's, else
    none; an award's sentence; none for the organisation's role, kind and name."""
    from courtgraph.query import named_query, run_query
    from courtgraph.sources import load_dataset

    source = tmp_path / "facts.trig"
    source.write_text(FACTS_TRIG, encoding="utf-8")
    result = run_query(named_query("organisation-facts").text, load_dataset([source], store=store), params={"org": "某县人民检察院"})
    fact, value, sentence = (result.variables.index(v) for v in ("fact", "value", "sentence"))
    rows = {(str(r[fact]), str(r[value]), None if r[sentence] is None else str(r[sentence])) for r in result.rows}
    assert rows == {
        ("role", "partner", None),
        ("kind", "procuratorate", None),
        ("canonical name", "某县人民检察院", None),
        ("mentioned in", "一、县检察院在报告中出现。", None),
        ("partner in", "甲机制", "二、与县检察院共建甲机制。"),
        ("partner in", "乙平台", "四、乙平台建成。"),
        ("partner in", "丙行动", None),
        ("award", "先进集体", "五、县检察院获评先进集体。"),
    }


# three quantities: one with a full span and a span with no quote (not shown), one whose only
# span has a quote but no position (no evidence shown), and one with no evidence at all
SPANS_TRIG = """
@prefix cg: <https://w3id.org/courtgraph/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix ex: <https://example.org/r1/> .
<https://example.org/r1> {
  ex:q1 a cg:Quantity ; cg:measure "审结案件"@zh ; schema:value 100 ; cg:unitAsWritten "件" ;
      cg:evidence ex:full , ex:no-quote .
  ex:full oa:hasSelector ex:full-pos , ex:full-quote ; cg:inSentence ex:s1 .
  ex:full-pos oa:start 10 ; oa:end 14 .
  ex:full-quote oa:exact "100件" .
  ex:s1 cg:text "审结案件100件。"@zh .
  ex:no-quote oa:hasSelector ex:other-pos .
  ex:other-pos oa:start 40 ; oa:end 44 .
  ex:q2 a cg:Quantity ; cg:measure "调解案件"@zh ; schema:value 7 ; cg:unitAsWritten "件" ; cg:evidence ex:no-position .
  ex:no-position oa:hasSelector ex:lone-quote .
  ex:lone-quote oa:exact "7件" .
  ex:q3 a cg:Quantity ; cg:measure "培训"@zh ; schema:value 3 ; cg:unitAsWritten "次" .
}
"""


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_quantities_with_sentences_show_only_spans_with_both_selectors(store: str, tmp_path: Path) -> None:
    from courtgraph.query import named_query, run_query
    from courtgraph.sources import load_dataset

    source = tmp_path / "spans.trig"
    source.write_text(SPANS_TRIG, encoding="utf-8")
    result = run_query(named_query("quantities-with-sentences").text, load_dataset([source], store=store))
    columns = [result.variables.index(v) for v in ("answer", "start", "end", "quote", "sentence")]
    rows = sorted((tuple(None if r[i] is None else str(r[i]) for i in columns) for r in result.rows), key=repr)
    assert rows == [
        ("培训", None, None, None, None),
        ("审结案件", "10", "14", "100件", "审结案件100件。"),
        ("调解案件", None, None, None, None),
    ]


NORMALISED_TRIG = """
@prefix cg: <https://w3id.org/courtgraph/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/r1/> .
<https://example.org/r1> {
  <https://example.org/r1> cg:court ex:court ; cg:year 2024 .
  ex:court rdfs:label "某县人民法院"@zh , "Some County Court"@en .
  ex:both a cg:Quantity ; cg:measure "审结案件"@zh ; schema:value 1.2 ; cg:unitAsWritten "万件" ;
      cg:reportedIn <https://example.org/r1> ; cg:normalizedValue 12000 ; schema:unitText "件" .
  ex:value-only a cg:Quantity ; cg:measure "执行到位金额"@zh ; schema:value 3 ; cg:unitAsWritten "亿元" ;
      cg:reportedIn <https://example.org/r1> ; cg:normalizedValue 300000000 .
  ex:unit-only a cg:Quantity ; cg:measure "调解案件"@zh ; schema:value 7 ; cg:unitAsWritten "件" ;
      cg:reportedIn <https://example.org/r1> ; schema:unitText "件" .
  ex:neither a cg:Quantity ; cg:measure "培训"@zh ; schema:value 3 ; cg:unitAsWritten "次" ;
      cg:reportedIn <https://example.org/r1> .
  ex:two-values a cg:Quantity ; cg:measure "司法建议"@zh ; schema:value 5 ; cg:unitAsWritten "份" ;
      cg:reportedIn <https://example.org/r1> ; cg:normalizedValue 5 , 6 ; schema:unitText "份" .
}
"""


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_figures_across_reports_show_both_normalised_parts_or_neither(store: str, tmp_path: Path) -> None:
    """A figure's normalised value is shown with its unit or not at all, whether the answer is
    whole or narrowed to a measure or a court (the unit is looked up inside the value's OPTIONAL),
    and a unit given as a parameter is never shown beside a value that has another or none."""
    from courtgraph.query import named_query, run_query
    from courtgraph.sources import load_dataset

    source = tmp_path / "normalised.trig"
    source.write_text(NORMALISED_TRIG, encoding="utf-8")
    dataset = load_dataset([source], store=store)
    query = named_query("figures-across-reports").text

    def shown(**params: str) -> list[tuple[str | None, ...]]:
        result = run_query(query, dataset, params=params)
        return sorted((tuple(None if v is None else str(v) for v in row) for row in result.rows), key=repr)

    court = ("某县人民法院", "2024")
    whole = sorted([
        ("培训", *court, "3", "次", None, None),
        ("审结案件", *court, "1.2", "万件", "12000", "件"),
        ("执行到位金额", *court, "3", "亿元", None, None),
        ("调解案件", *court, "7", "件", None, None),
        ("司法建议", *court, "5", "份", "5", "份"),
        ("司法建议", *court, "5", "份", "6", "份"),
    ], key=repr)
    assert run_query(query, dataset).variables == ("measure", "court", "year", "value", "unit", "normalized", "normalizedUnit")
    assert shown() == whole
    assert shown(court="某县人民法院") == whole
    assert shown(measure="审结案件") == [row for row in whole if row[0] == "审结案件"]
    assert shown(measure="执行到位金额") == [row for row in whole if row[0] == "执行到位金额"]
    assert shown(court="别的法院") == []
    # a parameter on the unit's column: no value is shown beside a unit it does not have
    normalised = {(row[0], row[5], row[6]) for row in whole if row[5] is not None}
    for unit in ("件", "份"):
        given = shown(normalizedUnit=unit)
        assert {(row[0], row[5], row[6]) for row in given if row[5] is not None} == {n for n in normalised if n[2] == unit}


def test_quantities_come_with_sentences_on_the_seed_graph(seed_ds: Dataset) -> None:
    from courtgraph.query import named_query, run_query

    result = run_query(named_query("quantities-with-sentences").text, seed_ds)
    sentences = result.column("sentence")
    assert sentences and len(sentences) == len(result.rows)
    for row in result.rows:
        quote, sentence = row[result.variables.index("quote")], row[result.variables.index("sentence")]
        assert squash(quote) in squash(sentence)


def test_query_df_gives_python_values(gold_ds: Dataset) -> None:
    from courtgraph.query import query_df

    frame = query_df("cq09", gold_ds)
    assert list(frame.columns)[:3] == ["answer", "value", "unit"]
    assert {squash(a) for a in frame["answer"]} == EXPECTED["Q9"]
    assert float(frame.loc[frame["answer"] == "未结案", "change"].iloc[0]) == pytest.approx(5.36)


def test_cli_query_list_name_and_errors(tmp_path: Path) -> None:
    from courtgraph.cli import cli

    runner = CliRunner()
    listed = runner.invoke(cli, ["query", "--list"])
    assert listed.exit_code == 0
    assert "cq12" in listed.output and "quantities-with-sentences" in listed.output
    ran = runner.invoke(cli, ["query", "--name", "cq06", "--param", "name=爱心天平", "--graph", str(GOLD), "--format", "csv"])
    assert ran.exit_code == 0, ran.output
    assert "联合县红十字会在全省率先打造" in ran.output
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK { ?c a cg:Court }", encoding="utf-8")
    asked = runner.invoke(cli, ["query", str(query_file), "--graph", str(GOLD), "--store", "oxigraph"])
    assert asked.exit_code == 0 and asked.output == "true\n"
    missing = runner.invoke(cli, ["query", "--name", "cq99"])
    assert missing.exit_code != 0 and "available: cq01" in str(missing.exception or missing.output)


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * FROM <file:///etc/hostname> WHERE { ?s ?p ?o }",
    ],
)
def test_embedded_queries_refuse_to_reach_out(sparql):
    from rdflib import Dataset

    from courtgraph.errors import QueryError
    from courtgraph.query import run_query

    with pytest.raises(QueryError):
        run_query(sparql, Dataset())


def test_figures_compare_across_courts_and_years(tmp_path: Path) -> None:
    """Two reports of one court (two years) and one of another: one row per figure each."""
    from courtgraph.query import named_query, run_query
    from courtgraph.sources import load_dataset

    seed_text = SEED.read_text(encoding="utf-8")
    later = tmp_path / "deqing-court-2025.txt"
    later.write_text(seed_text.replace("2024年，德清法院", "2025年，德清法院").replace("10093件", "11000件"), encoding="utf-8")
    other = ROOT / "tests" / "data" / "reports" / "anji-2023.txt"
    dataset = load_dataset([SEED, later, other])
    rows = run_query(named_query("figures-across-reports").text, dataset).rows
    concluded = sorted((str(r[1]), str(r[2]), float(r[3])) for r in rows if str(r[0]) == "办结各类案件")
    assert concluded == [("德清县人民法院", "2024", 10093.0), ("德清县人民法院", "2025", 11000.0)]
    assert {str(r[1]) for r in rows} == {"德清县人民法院", "安吉县人民法院"}
    # the same partner agency of the same court is one node across its two years: the same IRI
    # is named in both reports' graphs, and what is true of it whatever the report (its names,
    # its kind) is stated once, in the shared graph
    from rdflib import URIRef

    procuratorate = URIRef(PROCURATORATE_IRI)
    graphs_naming_it = sorted(str(g.identifier).rsplit("/", 1)[-1] for g in dataset.graphs() if (procuratorate, None, None) in g)
    assert graphs_naming_it == ["2024", "2025", "shared"]


def test_tsv_escapes_tabs_like_the_endpoint() -> None:
    from rdflib import Literal

    from courtgraph.results import QueryKind, QueryResult, format_result

    result = QueryResult(kind=QueryKind.SELECT, variables=("x",), rows=((Literal("a\tb"),),))
    lines = format_result(result, "tsv").splitlines()
    assert lines == ["?x", '"a\\tb"']


def test_oxigraph_store_loads_built_files_itself_with_the_same_answers(tmp_path: Path) -> None:
    from courtgraph.build import build
    from courtgraph.errors import InputError
    from courtgraph.query import named_queries, run_query
    from courtgraph.results import format_result
    from courtgraph.sources import load_dataset

    build([SEED], out_dir=tmp_path, html=False, use_cache=False)
    shutil.rmtree(tmp_path / "courtgraph.oxigraph")  # the files alone, parsed (beside its store the TriG opens the store)
    memory = load_dataset([SEED], store="memory")
    for built in ("courtgraph.trig", "courtgraph.nt", "courtgraph.ttl"):
        oxigraph = load_dataset([tmp_path / built], store="oxigraph")
        assert len(oxigraph) == len(memory), built
        for name, named in named_queries().items():
            a = format_result(run_query(named.text, memory, params=named.params), "csv")
            b = format_result(run_query(named.text, oxigraph, params=named.params), "csv")
            assert _normalised_rows(a) == _normalised_rows(b), (built, name)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="broken.ttl: not valid turtle"):
        load_dataset([broken], store="oxigraph")


def test_parameters_are_written_into_the_text_for_oxigraph_and_cannot_add_syntax() -> None:
    from courtgraph.query import _with_values, named_query, run_query
    from courtgraph.results import format_result
    from courtgraph.sources import load_dataset

    memory = load_dataset([GOLD], store="memory")
    oxigraph = load_dataset([GOLD], store="oxigraph")
    named = named_query("cq06")
    for name in ("原始瓷遗址司法保护基地", "原始瓷 遗址司法保护基地", "爱心天平"):
        a = format_result(run_query(named.text, memory, params={"name": name}), "csv")
        b = format_result(run_query(named.text, oxigraph, params={"name": name}), "csv")
        assert _normalised_rows(a) == _normalised_rows(b), name
    assert _normalised_rows(a)  # the last name is one the gold report has
    # a value that would close the literal and the group is only ever a literal, returned as given
    hostile = '爱心天平" ) } } SELECT * WHERE { ?s ?p ?o } #\\\n\t\'<x>'
    query = "SELECT ?name ?s WHERE { OPTIONAL { ?s rdfs:label ?name } }"
    for dataset in (memory, oxigraph):
        result = run_query(query, dataset, params={"name": hostile})
        assert [str(row[0]) for row in result.rows] == [hostile]
        assert result.rows[0][1] is None
    # WHERE in a comment, a string or an IRI before the clause is not taken for it
    text = '# WHERE { not here\nSELECT ?x ("WHERE {" AS ?y) WHERE { ?x <urn:WHERE{> ?z }'
    bound = _with_values(text, {"x": "v"})
    assert bound is not None and bound.index("VALUES (?x)") > bound.index("?y) WHERE {")
    assert _with_values("SELECT * { ?s ?p ?o }", {"s": "v"}) is None


def _corpus_values(dataset: Dataset) -> dict[str, str]:
    """Parameter values that occur in ``dataset`` (the named queries' defaults name the seed)."""
    from courtgraph.query import run_query

    first = run_query(
        'SELECT ?court ?year WHERE { ?r a cg:WorkReport ; cg:court ?c ; cg:year ?y . ?c rdfs:label ?court . '
        'FILTER(LANG(?court) = "zh") BIND(STR(?y) AS ?year) } ORDER BY ?court ?year LIMIT 1', dataset).rows[0]
    name = run_query('SELECT ?l WHERE { ?i a cg:Initiative ; rdfs:label ?l . FILTER(LANG(?l) = "zh") } '
                     'ORDER BY ?l LIMIT 1', dataset).rows[0][0]
    theme = run_query('SELECT ?l WHERE { ?t a cg:Theme ; rdfs:label ?l . FILTER(LANG(?l) = "zh") } '
                      'ORDER BY ?l LIMIT 1', dataset).rows[0][0]
    org = run_query('SELECT ?m WHERE { ?o cg:orgKind <https://w3id.org/courtgraph/vocab/org-kind/procuratorate> ; '
                    'cg:mention ?m } ORDER BY ?m LIMIT 1', dataset).rows[0][0]
    return {"court": str(first[0]), "year": str(first[1]), "name": str(name), "theme": str(theme), "org": str(org)}


def test_every_named_query_gives_rdflibs_rows_on_oxigraph_over_synthetic_reports(tmp_path: Path) -> None:
    """The rewrites for speed on Oxigraph keep the answers: checked on reports of other layouts
    than the seed's, with parameter values those reports hold."""
    import importlib.util
    import sys

    from courtgraph.build import build
    from courtgraph.query import named_queries, run_query
    from courtgraph.results import format_result
    from courtgraph.sources import load_dataset

    spec = importlib.util.spec_from_file_location("courtgraph_bench_synth", ROOT / "bench" / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = synth  # dataclasses look their module up while the class is built
    spec.loader.exec_module(synth)
    synth.write_corpus(4, tmp_path / "reports")
    build([tmp_path / "reports"], out_dir=tmp_path / "out", html=False, use_cache=False)
    shutil.rmtree(tmp_path / "out" / "courtgraph.oxigraph")  # the file parsed by each store, not the store built beside it
    graph = tmp_path / "out" / "courtgraph.trig"
    memory = load_dataset([graph], store="memory")
    oxigraph = load_dataset([graph], store="oxigraph")
    values = _corpus_values(oxigraph)
    answered = 0
    for name, named in named_queries().items():
        params = {p: values[p] for p in named.params}
        a = format_result(run_query(named.text, memory, params=params), "csv")
        b = format_result(run_query(named.text, oxigraph, params=params), "csv")
        assert a.splitlines()[0] == b.splitlines()[0], name
        assert _normalised_rows(a) == _normalised_rows(b), name
        answered += bool(_normalised_rows(a))
    assert answered >= len(named_queries()) - 2  # the reports hold answers to nearly every question


def test_a_parameter_declared_with_a_language_is_bound_as_a_term_in_it() -> None:
    from courtgraph.query import _bound, bind_values, run_query
    from courtgraph.sources import load_dataset

    header = "# zh: 法院\n# param: court@zh = 某法院\n"
    query = "SELECT ?court ?c WHERE { ?c a cg:Court ; rdfs:label ?court }"
    assert _bound("PREFIX cg: <urn:x#>\n" + header + query, {"court": "德清 县人民法院"}) == {"court": ("德清县人民法院", "zh")}
    assert '("德清县人民法院"@zh)' in bind_values(header + query, {"court": "德清县人民法院"})
    for store in ("memory", "oxigraph"):
        dataset = load_dataset([GOLD], store=store)
        rows = run_query(header + query, dataset, params={"court": "德清县人民法院"}).rows
        assert [(str(court), court.language, str(node)) for court, node in rows] == [("德清县人民法院", "zh", COURT_IRI)], store
        # undeclared, the same value is a plain string, which the Chinese label is not
        assert run_query(query, dataset, params={"court": "德清县人民法院"}).rows == (), store


def test_a_chinese_name_is_found_however_it_is_spaced_on_both_stores() -> None:
    """cq08's heading is written with a space in the seed; typed without it, with it, or with
    spaces elsewhere, the theme is found through its label or its hidden label, on either store."""
    from courtgraph.query import named_query, run_query
    from courtgraph.sources import load_dataset

    theme = "深化改革创新 加快推进德清法院现代化建设"
    spellings = (theme, theme.replace(" ", ""), "深化 改革创新加快推进 德清法院现代化建设", f" {theme}\u3000")
    for store in ("memory", "oxigraph"):
        dataset = load_dataset([SEED], store=store)
        labels = run_query("SELECT ?l ?h WHERE { ?t a cg:Theme ; rdfs:label ?l OPTIONAL { ?t skos:hiddenLabel ?h } }", dataset).rows
        zh = [(str(label), hidden) for label, hidden in labels if getattr(label, "language", None) == "zh"]
        assert theme in [label for label, _ in zh]
        # a heading written with spaces has its unspaced form hidden beside it, and only such a one
        assert all((str(hidden) if hidden else label) == label.replace(" ", "") for label, hidden in zh)
        answers = [{tuple(map(str, r[:2])) for r in run_query(named_query("cq08").text, dataset, params={"theme": t}).rows} for t in spellings]
        assert answers[0] and all(a == answers[0] for a in answers), store
        # the initiative's name with a space put in still names it
        cq06 = named_query("cq06").text
        found = [str(r[0]) for r in run_query(cq06, dataset, params={"name": "原始瓷 遗址司法保护基地"}).rows]
        assert found == ["与检察院、公安局、文广旅体局共建原始瓷遗址司法保护基地。"], store
        assert not run_query(cq06, dataset, params={"name": "原始瓷遗址"}).rows  # a part of a name is not the name


def test_every_chinese_name_a_parameter_matches_is_found_however_it_is_spaced(seed_extraction, tmp_path: Path) -> None:
    """A court's label, an organisation's canonical and alternative names held with spaces are
    found by the named queries that take them, typed with or without the spaces, on either store."""
    from courtgraph.query import named_query, run_query
    from courtgraph.sources import load_dataset

    data = seed_extraction.to_dict()
    data["report"]["court_zh"] = "德清县 人民法院"
    (org,) = [o for o in data["organizations"] if o["mention_zh"] == "县政协"]
    org["canonical_zh"], org["also_zh"] = "中国人民政治协商会议 德清县委员会", ["政 协"]
    source = tmp_path / "spaced.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for store in ("memory", "oxigraph"):
        dataset = load_dataset([source], store=store)
        for name in ("initiatives-compared", "partners-compared", "figures-compared"):
            text = named_query(name).text
            rows = [{tuple(map(str, r[1:])) for r in run_query(text, dataset, params={"court": court, "year": "2024"}).rows}
                    for court in ("德清县人民法院", "德清县 人民法院", "德清县人民 法院")]
            assert rows[0] and rows[1] == rows[0] and rows[2] == rows[0], (store, name)
        facts = named_query("organisation-facts").text
        found = [{tuple(map(str, r[:4])) for r in run_query(facts, dataset, params={"org": org}).rows}
                 for org in ("中国人民政治协商会议德清县委员会", "中国人民政治协商会议 德清县委员会", "政协", "政 协")]
        assert found[0] and all(f == found[0] for f in found), store
        assert ("县政协", "canonical name", "中国人民政治协商会议 德清县委员会") in {f[:3] for f in found[0]}, store


UNLABELLED_TRIG = """
@prefix cg: <https://w3id.org/courtgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
ex:r1 {
  ex:r1 a cg:WorkReport ; rdfs:label "甲县人民法院2024年工作报告"@zh .
  ex:i1 a cg:Initiative ; rdfs:label "甲举措"@zh ; cg:reportedIn ex:r1 ; cg:partner ex:named .
  ex:named cg:mention "县人民检察院"@zh .
}
ex:r2 {
  ex:r2 a cg:WorkReport ; rdfs:label "Report two"@en .
  ex:i2 a cg:Initiative ; rdfs:label "乙举措"@zh ; cg:reportedIn ex:r2 ; cg:partner ex:named , ex:unnamed .
  ex:i3 a cg:Initiative ; rdfs:label "丙举措"@zh ; cg:reportedIn ex:r2 ; cg:partner ex:unnamed .
}
ex:r3 {
  ex:r3 a cg:WorkReport .
  ex:i4 a cg:Initiative ; rdfs:label "丁举措"@zh ; cg:reportedIn ex:r3 .
}
"""


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_an_answer_bound_in_an_optional_keeps_its_unlabelled_rows_and_narrows_to_the_labelled(store: str, tmp_path: Path) -> None:
    """cq03 and outcome-coverage look their answer up in an OPTIONAL: a partner without a name,
    a report with no Chinese title or none at all, still has its row, empty, and an answer given selects
    exactly the rows that hold it, none where the lookup found nothing."""
    from courtgraph.query import named_query, run_query
    from courtgraph.results import format_result
    from courtgraph.sources import load_dataset

    source = tmp_path / "unlabelled.trig"
    source.write_text(UNLABELLED_TRIG, encoding="utf-8")
    dataset = load_dataset([source], store=store)

    def shown(name: str, **params: str) -> set[tuple[str, ...]]:
        return _normalised_rows(format_result(run_query(named_query(name).text, dataset, params=params), "csv"))

    assert shown("cq03") == {("县人民检察院", "2", "乙举措、甲举措"), ("", "2", "丙举措、乙举措")}
    assert shown("cq03", answer="县人民检察院") == {("县人民检察院", "2", "乙举措、甲举措")}
    assert shown("outcome-coverage") == {("甲县人民法院2024年工作报告", "1", "0"), ("", "2", "0"), ("", "1", "0")}
    assert shown("outcome-coverage", answer="甲县人民法院2024年工作报告") == {("甲县人民法院2024年工作报告", "1", "0")}
    for name in ("cq03", "outcome-coverage"):
        assert shown(name, answer="Report two") == set() == shown(name, answer="没有这一项")


def test_a_listing_query_is_narrowed_by_the_label_it_answers_with(tmp_path: Path) -> None:
    """A named query may declare a column of its answer a Chinese label to bind (``# param:
    answer@zh``, no default): unasked it binds nothing, and asked it gives exactly the rows of
    the whole answer that carry that value, written as the answer shows it (spaces included),
    on either store and through the command line; a value the answer lacks gives no row.
    Bound as a plain string, as before the declaration, it matched no label at all."""
    from courtgraph.build import build
    from courtgraph.cli import cli
    from courtgraph.query import bind_values, named_queries, named_query, run_query
    from courtgraph.results import format_result
    from courtgraph.sources import load_dataset, query_target

    named = named_query("quantities-with-sentences")
    assert named.params == {} and named.optional == ("answer",)
    build([SEED], out_dir=tmp_path / "out", html=False, use_cache=False)
    targets = {"memory": load_dataset([SEED], store="memory"), "store": query_target([tmp_path / "out"])}
    checked = 0
    for name, query in named_queries().items():
        for param in query.optional:
            whole_text = format_result(run_query(query.text, targets["memory"], params=query.params), "csv")
            column = next(csv.reader(io.StringIO(whole_text))).index(param)
            whole = _normalised_rows(whole_text)
            values = sorted({row[column] for row in whole if row[column]})
            assert values, (name, param)
            spaced = [v for v in values if " " in v]
            for value in {values[0], values[-1], *spaced[:1]}:
                wanted = {row for row in whole if row[column] == value}
                for store, target in targets.items():
                    found = format_result(run_query(query.text, target, params={**query.params, param: value}), "csv")
                    assert _normalised_rows(found) == wanted, (name, param, value, store)
                    checked += 1
            for store, target in targets.items():
                assert not run_query(query.text, target, params={**query.params, param: "没有这一项"}).rows, (name, param, store)
    assert checked >= 40
    measure = sorted({row[0] for row in _normalised_rows(format_result(run_query(named.text, targets["memory"]), "csv"))})[0]
    for store, target in targets.items():
        # the same value as a plain string (undeclared) is not the label
        plain = named.text.replace("# param: answer@zh\n", "")
        assert not run_query(plain, target, params={"answer": measure}).rows, store
    assert f'"{measure}"@zh' in bind_values(named.text, {"answer": measure})
    shown = CliRunner().invoke(cli, ["query", "--name", "quantities-with-sentences", "--graph", str(tmp_path / "out"),
                                     "--param", f"answer={measure}", "--format", "csv"])
    whole = _normalised_rows(format_result(run_query(named.text, targets["store"]), "csv"))
    assert shown.exit_code == 0 and _normalised_rows(shown.output) == {r for r in whole if r[0] == measure} != set(), shown.output
    listed = CliRunner().invoke(cli, ["query", "--list"]).output
    assert "[answer]" in listed and "[org=检察院]" in listed
