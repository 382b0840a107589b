"""``isocorpus.errors``: errors carry data; the parameters they name are spelled by whoever prints them."""

from __future__ import annotations

from isocorpus.errors import Diagnostic, OutputError, UsageError


def test_str_is_one_line_naming_the_source_and_line() -> None:
    assert str(OutputError("is a directory", "out")) == "out: is a directory"
    assert str(UsageError("bad", "dump.txt", 12)) == "dump.txt:12: bad"
    assert str(Diagnostic("dump.txt", None, "empty entry")) == "dump.txt: empty entry"


def test_the_option_at_fault_leads_unless_the_message_names_it() -> None:
    error = UsageError("cannot read 'x' as a date", option="since")
    assert (error.option, error.mentions) == ("since", ())
    assert str(error) == "since: cannot read 'x' as a date"
    assert error.describe(lambda name: f"--{name}") == "--since: cannot read 'x' as a date"
    named = UsageError("{term} 'war' is given twice", option="term")
    assert named.describe(lambda name: f"--{name}") == "--term 'war' is given twice"


def test_mentioned_parameters_are_spelled_and_other_braces_kept() -> None:
    error = UsageError("{per} needs {term}, not 'a{2}'", option="per", mentions=("term",))
    assert str(error) == "per needs term, not 'a{2}'"
    assert error.describe(str.upper) == "PER needs TERM, not 'a{2}'"
