"""Language detection: ISO 639-1 codes from the function-word vote or py3langid, None when thin.

The ledes (benchmarks/ledes.py) were written in each language for this; the bundled articles'
labels are the ones a reader gives them (two in Spanish, the rest in English).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import isocorpus
from isocorpus import language
from isocorpus.language import FUNCTION_WORDS, SAMPLE_WORDS, detect_language, vote

ROOT = Path(__file__).resolve().parent.parent


def _ledes():
    spec = importlib.util.spec_from_file_location("isocorpus_bench_ledes", ROOT / "benchmarks" / "ledes.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LEDES = _ledes()
SAMPLES = [(lang, text) for lang, texts in (LEDES.LEDES | LEDES.OTHERS).items() for text in texts]


def test_the_bundled_articles_keep_their_labels() -> None:
    got = {a.seq: a.language for a in isocorpus.iter_articles(None, on_warning=lambda d: None)}
    assert got == {seq: "es" if seq in (4, 13) else "en" for seq in range(1, 22)}


@pytest.mark.parametrize(("lang", "text"), SAMPLES, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(SAMPLES)])
def test_a_short_lede_gets_its_language_or_none(lang: str, text: str) -> None:
    assert detect_language([text]) in (lang, None)


def test_short_ledes_are_nearly_all_told() -> None:
    told = sum(detect_language([text]) == lang for lang, text in SAMPLES)
    assert told >= len(SAMPLES) - 2


@pytest.mark.parametrize("text", LEDES.THIN)
def test_thin_evidence_is_none(text: str) -> None:
    assert detect_language([text]) is None


def test_no_text_is_none() -> None:
    assert detect_language([]) is None


def test_a_decisive_vote_never_loads_the_model() -> None:
    code = (
        "import sys, isocorpus\n"
        "langs = {a.language for a in isocorpus.iter_articles(None, on_warning=lambda d: None)}\n"
        "print(sorted(langs), 'py3langid' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split("]")[-1].strip() == "False"


def _vote_plainly(words: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in words[:SAMPLE_WORDS]:
        bare = word.lower().strip(".,;:!?\"'“”‘’()—–-¿¡«»")
        owners = [lang for lang, words in FUNCTION_WORDS.items() if bare in words]
        if len(owners) == 1:
            counts[owners[0]] = counts.get(owners[0], 0) + 1
    return counts


some_words = st.lists(
    st.one_of(
        st.sampled_from(["the", "The,", "der", "“und”", "il", "le", "é", "está", "(de", "y", "¿Por", "qué?"]),
        st.text(max_size=6),
    ),
    max_size=2 * SAMPLE_WORDS,
)


@settings(max_examples=300, deadline=None)
@given(some_words)
def test_the_cached_vote_is_the_plain_count(words: list[str]) -> None:
    assert vote(words) == _vote_plainly(words)


def test_a_shared_word_votes_for_neither() -> None:
    assert "il" in FUNCTION_WORDS["fr"] and "il" in FUNCTION_WORDS["it"]
    assert vote(["il"] * 20) == {}


def test_identify_keeps_only_a_sure_answer() -> None:
    assert language.identify("Els treballadors de la fàbrica han convocat una vaga per dilluns.") == "ca"
    assert language.identify("Tess Carter, ISO") is None
