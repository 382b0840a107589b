"""``isocorpus timeline`` end to end, in-process: exit code, stdout and stderr apart."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from isocorpus.cli import app

FIXTURES = Path(__file__).parent.parent / "fixtures"
ISO_WEEKS = str(FIXTURES / "timeline-iso-weeks.txt")
NS = {"svg": "http://www.w3.org/2000/svg"}

# A hand count of the bundled corpus's 21 timestamps (see tests/test_timeline.py).
WEEKS = ["2019-W11\t1", "2019-W12\t7", "2019-W13\t7", "2019-W14\t2", "2019-W15\t3", "2019-W16\t1"]


@pytest.fixture(autouse=True)
def _in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run in a temporary directory, where --svg writes (conftest pins NO_COLOR and COLUMNS)."""
    monkeypatch.chdir(tmp_path)


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["timeline", *args])


def test_piped_table_has_one_line_per_day() -> None:
    result = run("--by", "day")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "period\tarticles\twords"
    assert len(lines) == 1 + 36
    assert lines[1].startswith("2019-03-14\t1\t") and lines[-1].startswith("2019-04-18\t1\t")
    assert sum(int(line.split("\t")[1]) for line in lines[1:]) == 21
    assert "2019-03-15\t0\t0" in lines  # empty days are listed
    assert result.stderr == ""


def test_weeks_and_months_match_the_hand_count() -> None:
    weeks = run("--by", "week").stdout.splitlines()
    assert ["\t".join(line.split("\t")[:2]) for line in weeks[1:]] == WEEKS
    months = run("--by", "month").stdout.splitlines()
    assert ["\t".join(line.split("\t")[:2]) for line in months[1:]] == ["2019-03\t15", "2019-04\t6"]


def test_two_terms_give_two_columns() -> None:
    result = run("--by", "month", "--term", "democratic centralism", "--term", "leninism")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "period\tarticles\twords\tdemocratic centralism\tleninism"
    assert [line.split("\t")[3:] for line in lines[1:]] == [["9", "20"], ["0", "0"]]


def test_terms_match_as_grep_does() -> None:
    def total(*args: str) -> int:
        lines = run("--by", "year", *args).stdout.splitlines()
        return int(lines[1].split("\t")[3])

    assert total("-t", "leninism") == 20  # smart case: lower case ignores case
    assert total("-t", "Leninism") == 20
    assert total("-t", "leninism", "--case-sensitive") == 0
    assert total("-t", "leninis") > total("-t", "leninis", "--word")
    assert total("-t", "lenin.sm", "-F") == 0
    assert total("-t", "ISO’s") == total("-t", "ISO's")  # typographic folding of the pattern
    assert total("-t", "ISO's", "--strict") < total("-t", "ISO's")
    assert total("-t", "Reflections on our crisis", "--in", "inset") > 0
    assert total("-t", "Reflections on our crisis") < total("-t", "Reflections on our crisis", "--in", "all")


def test_per_thousand_words() -> None:
    lines = run("--by", "month", "-t", "leninism", "--per", "1000").stdout.splitlines()
    period, articles, words, rate = lines[1].split("\t")
    assert rate == f"{20 * 1000 / int(words):.3f}"


def test_json() -> None:
    result = run("--by", "week", "--term", "leninism", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [f"{d['period']}\t{d['articles']}" for d in data] == WEEKS
    assert data[0]["start"] == "2019-03-11" and data[0]["end"] == "2019-03-17"
    assert set(data[0]) == {"period", "start", "end", "articles", "words", "hits"}
    assert sum(d["hits"]["leninism"] for d in data) == 20


def test_csv() -> None:
    result = run("--by", "month", "--term", "leninism", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["period", "start", "end", "articles", "words", "leninism"]
    assert rows[1][:4] == ["2019-03", "2019-03-01", "2019-03-31", "15"]
    assert len(rows) == 3


def test_svg_file_has_one_series_per_term(tmp_path: Path) -> None:
    result = run("--by", "week", "-t", "democratic centralism", "-t", "leninism", "--svg", "chart.svg")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1 + 6  # the table still goes to stdout
    root = ET.parse(tmp_path / "chart.svg").getroot()
    series = root.findall(".//svg:g[@class='series']", NS)
    assert [g.get("data-series") for g in series] == ["democratic centralism", "leninism"]


def test_svg_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "chart.svg").write_text("mine", encoding="utf-8")
    result = run("--svg", "chart.svg")
    assert result.exit_code == 2
    assert result.stderr == "isocorpus: error: chart.svg: file exists (use --force to replace it)\n"
    assert result.stdout == ""
    assert (tmp_path / "chart.svg").read_text(encoding="utf-8") == "mine"
    assert run("--svg", "chart.svg", "--force").exit_code == 0
    series = ET.parse(tmp_path / "chart.svg").getroot().findall(".//svg:g[@class='series']", NS)
    assert [g.get("data-series") for g in series] == ["articles"]


def test_svg_to_stdout() -> None:
    result = run("--by", "month", "--svg", "-")
    assert result.exit_code == 0
    assert ET.fromstring(result.stdout.encode()).tag == "{http://www.w3.org/2000/svg}svg"


def test_undated_articles_are_reported_on_stderr() -> None:
    result = run(ISO_WEEKS, "--by", "year", "-t", "caucus")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == ["2019\t2\t29\t3", "2020\t2\t27\t1", "2021\t2\t24\t3"]
    assert result.stderr.splitlines()[-1] == (
        "isocorpus: warning: 1 article has no date: counted apart, in no period (16 words; 'caucus': 1 hit)"
    )


def test_iso_weeks_across_new_year() -> None:
    lines = run(ISO_WEEKS, "--by", "week").stdout.splitlines()
    assert lines[1].startswith("2019-W52\t1") and lines[2].startswith("2020-W01\t2")
    assert lines[-2].startswith("2020-W53\t2") and lines[-1].startswith("2021-W01\t1")
    assert len(lines) == 1 + 55


def test_filters_apply_and_since_until_set_the_span() -> None:
    lines = run("--by", "week", "--author", "steering committee").stdout.splitlines()
    assert [line.split("\t")[:2] for line in lines[1:]] == [
        ["2019-W11", "1"],
        ["2019-W12", "0"],
        ["2019-W13", "0"],
        ["2019-W14", "0"],
        ["2019-W15", "1"],
    ]
    lines = run("--by", "day", "--since", "2019-04-01", "--until", "2019-04-30").stdout.splitlines()
    assert len(lines) == 1 + 30 and lines[-1].startswith("2019-04-30\t0")
    lines = run("--by", "month", "--lang", "es").stdout.splitlines()
    assert [line.split("\t")[:2] for line in lines[1:]] == [["2019-03", "1"], ["2019-04", "1"]]


def test_usage_errors_are_one_line() -> None:
    result = run("--per", "1000")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "isocorpus: error: --per needs at least one --term (it gives hits per that many words)\n"
    result = run("-t", "a(")
    assert result.exit_code == 2 and result.stderr.startswith("isocorpus: error: bad pattern 'a('")
    result = run("-t", "x", "-t", "x")
    assert result.exit_code == 2 and "given twice" in result.stderr


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["timeline", "--help"])
    assert result.exit_code == 0 and "Example: isocorpus timeline" in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_svg_into_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    """--svg /dev/stdout or >(…) must not be renamed over (a rename over /dev/null made it a file)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            got.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = run("--svg", str(fifo), "--force")
    reader.join(timeout=30)
    assert result.exit_code == 0
    assert len(got) == 1 and b"<svg" in got[0][:200]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["pipe"]


def test_a_span_of_millennia_is_refused_not_listed(tmp_path: Path) -> None:
    """Dates in 0001 and 9999 (hostile, or typos) would list 3.6 million days: minutes and gigabytes."""
    marker = "[*] [+] [-] [x] [A+] [a-]"
    dump = tmp_path / "span.txt"
    dump.write_text(
        f"{marker}\n[l] at 1/1/0001 1:00am\nA\n\nLede.\n{marker}\n[l] at 12/31/9999 1:00am\nB\n\nLede.\n",
        encoding="utf-8",
    )
    result = run(str(dump))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "isocorpus: error: 0001-01-01 to 9999-12-31 is 3,652,059 periods of a day, more than a timeline lists "
        "(50,000): narrow it with --since and --until, or count by a longer period (--by)\n"
    )
    by_year = run(str(dump), "--by", "year")
    assert by_year.exit_code == 0 and len(by_year.stdout.splitlines()) == 1 + 9999
    assert run(str(dump), "--since", "9999-01-01").exit_code == 0


@pytest.mark.parametrize("name", ["chart.png", "chart.PNG", "chart.jpg", "chart.pdf"])
def test_svg_into_another_image_name_is_refused(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    result = CliRunner().invoke(app, ["timeline", "--svg", str(target)])
    assert (result.exit_code, result.stdout) == (2, "")
    suffix = name.rsplit(".", 1)[1]
    assert result.stderr == (
        f"isocorpus: error: --svg {target}: writes SVG, not {suffix.upper()}: name it .svg "
        f"(and convert it, e.g. rsvg-convert -o chart.{suffix.lower()} chart.svg)\n"
    )
    assert not target.exists()
