"""Measure language detectors on short ledes and on the bundled articles: accuracy, time, size.

    python benchmarks/language.py            # simplemma and py3langid (lingua too if importable)

Prints one row per detector. The figures chosen from are in the commit that added
isocorpus/language.py; this script is how to get them again.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledes import LEDES, OTHERS, THIN  # noqa: E402

Detector = Callable[[str], "str | None"]
SIX = ("en", "es", "fr", "de", "pt", "it")


def _simplemma() -> Detector:
    from simplemma import langdetect

    # simplemma needs the candidates named: it scores each language's word list, so more is slower.
    def detect(text: str) -> str | None:
        best, share = langdetect(text, lang=SIX)[0]
        return None if best == "unk" or share < 0.3 else best

    return detect


def _py3langid() -> Detector:
    import py3langid

    def detect(text: str) -> str | None:
        return py3langid.classify(text)[0] if text.strip() else None

    return detect


def _lingua() -> Detector:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def detect(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    return detect


def _chosen() -> Detector:
    from isocorpus.language import detect_language

    return lambda text: detect_language([text])


def main() -> None:
    import isocorpus

    bundled = [
        (a.language, " ".join(a.texts(isocorpus.BlockKind.LEDE) + a.paragraphs))
        for a in isocorpus.iter_articles(None, on_warning=lambda d: None)
    ]
    ledes = [(lang, text) for lang, texts in (LEDES | OTHERS).items() for text in texts]
    makers = {"simplemma (6 langs)": _simplemma, "py3langid": _py3langid, "lingua (all)": _lingua}
    if importlib.util.find_spec("isocorpus.language"):
        makers["isocorpus.language"] = _chosen
    print(f"{'detector':22} {'load ms':>8} {'ledes ok':>9} {'ms/lede':>8} {'bundled ok':>11} {'ms/article':>11} thin")
    for name, make in makers.items():
        try:
            t0 = time.perf_counter()
            detect = make()
            detect("warm up the model")
            load = (time.perf_counter() - t0) * 1000
        except ImportError:
            print(f"{name:22} not installed")
            continue
        t0 = time.perf_counter()
        lede_ok = sum(detect(text) == lang for lang, text in ledes)
        per_lede = (time.perf_counter() - t0) * 1000 / len(ledes)
        t0 = time.perf_counter()
        bundled_ok = sum(detect(text) == lang for lang, text in bundled)
        per_article = (time.perf_counter() - t0) * 1000 / len(bundled)
        thin = sum(detect(text) is None for text in THIN)
        print(
            f"{name:22} {load:8.0f} {lede_ok:>5}/{len(ledes):<3} {per_lede:8.2f} "
            f"{bundled_ok:>7}/{len(bundled):<3} {per_article:11.2f} {thin}/{len(THIN)} None"
        )
        wrong = [(lang, detect(text), text[:50]) for lang, text in ledes if detect(text) != lang]
        for row in wrong:
            print("   ", *row)


if __name__ == "__main__":
    main()
