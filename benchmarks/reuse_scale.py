#!/usr/bin/env python3
"""Text reuse at scale: planted quotes in synthetic corpora of distinct articles.

    python benchmarks/reuse_scale.py                       # 5,000 and 10,000 articles
    python benchmarks/reuse_scale.py --sizes 2000 --keep /tmp/reuse   # keep the dumps and truth

Each synthetic article is made from the bundled corpus's English paragraphs, perturbed so no
two articles share a passage by chance: a paragraph's words are shuffled and a fifth of them
replaced by random corpus words; the lede is 12 random corpus words. A third of the articles
carry the same promo paragraph (boilerplate, 30 words). Then quotes are planted, one per tenth
of the articles: a passage of 12 to 100 tokens of one article's paragraph, copied into another
with up to 10% edits (words replaced, dropped, inserted or joined; never the first or last
word, which would make the passage shorter rather than edited) and its quote marks changed;
half as a paragraph of its own after an introducer (8 random words, then "as <byline>
wrote:"), half inline after "As <surname> put it," (8 random words before and after). One
planted quote in ten copies a passage already quoted, into a third article (a cluster).

The dump is written in the feed reader's format and parsed by isocorpus; then
``find_quotes`` runs on the articles, each size in a fresh process, ``--runs`` times (medians
reported). Reported: parse and quote seconds (wall and CPU), peak RSS, recall
(a planted quote is found when a reported quote joins its two articles and covers the line
it was planted on), direction accuracy, and the pairs reported that were not planted.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import isocorpus  # noqa: E402
from isocorpus.reuse.normalize import tokenize  # noqa: E402
from isocorpus.reuse.quotes import find_quotes  # noqa: E402

MARKER = "[*] [+] [-] [x] [A+] [a-]"
PROMO = (
    "Socialist Worker depends on the support of its readers to keep publishing news and analysis "
    "from the struggles of workers and the oppressed, so please consider becoming a sustainer today."
)


@dataclass
class Plant:
    source_seq: int
    target_seq: int
    source_line: int
    target_line: int
    tokens: int
    edits: int
    inline: bool


def corpus_material() -> tuple[list[list[str]], list[str]]:
    paragraphs = []
    for article in isocorpus.iter_articles():
        if article.language != "en":
            continue
        paragraphs.extend(p.split() for p in article.paragraphs if len(p.split()) >= 40)
    vocab = sorted({w for p in paragraphs for w in p})
    return paragraphs, vocab


def surname(i: int) -> str:
    letters = ""
    i += 26 * 26
    while i:
        i, r = divmod(i, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[r] + letters
    return "Q" + letters


def perturb(words: list[str], vocab: list[str], rng: random.Random) -> list[str]:
    out = words[: rng.randint(40, min(120, len(words)))]
    rng.shuffle(out)
    return [rng.choice(vocab) if rng.random() < 0.2 else w for w in out]


def edit(passage: list[str], vocab: list[str], rng: random.Random) -> tuple[list[str], int]:
    words = list(passage)
    count = rng.randint(0, len(tokenize(" ".join(words))) // 10)  # at most 10% of the tokens
    # Not on the first or last word (or a dash next to them): that would shorten the passage.
    inner = [i for i in range(1, len(words) - 2) if tokenize(words[i]) and tokenize(words[i + 1])]
    positions = sorted(rng.sample(inner, min(count, len(inner))), reverse=True)
    count = len(positions)
    for p in positions:
        kind = rng.choice(("replace", "delete", "insert", "join"))
        if kind == "replace":
            words[p] = rng.choice(vocab)
        elif kind == "delete":
            del words[p]
        elif kind == "insert":
            words.insert(p, rng.choice(vocab))
        else:
            words[p : p + 2] = [words[p].strip('.,;:!?“”‘’"') + words[p + 1]]
    return words, count


def generate(n: int, seed: int) -> tuple[str, list[Plant]]:
    rng = random.Random(seed)
    paragraphs, vocab = corpus_material()
    bodies = [[perturb(rng.choice(paragraphs), vocab, rng) for _ in range(rng.randint(4, 8))] for _ in range(n)]
    promo = [rng.random() < 1 / 3 for _ in range(n)]
    names = [f"{rng.choice(('Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Fay'))} {surname(i)}" for i in range(n)]
    # plan[target] = (source, paragraph index in source, start, length, position in target, inline)
    plants: list[tuple[int, int, int, int, int, int, bool]] = []
    targets = rng.sample(range(n), n // 10)
    for target in targets:
        if plants and rng.random() < 0.1:
            source, par, start, length = plants[rng.randrange(len(plants))][1:5]
            if source == target:
                continue
        else:
            source = rng.choice([i for i in rng.sample(range(n), 3) if i != target])
            par = rng.randrange(len(bodies[source]))
            words = bodies[source][par]
            length = rng.randint(12, min(100, len(words)))
            start = rng.randint(0, len(words) - length)
            # At least 12 tokens, starting and ending on a word (not a dash): add words as needed.
            while start < len(words) and not tokenize(words[start]):
                start += 1
            length = min(length, len(words) - start)
            while start + length < len(words) and len(tokenize(" ".join(words[start : start + length]))) < 12:
                length += 1
            while length > 1 and not tokenize(words[start + length - 1]):
                length -= 1
            if len(tokenize(" ".join(words[start : start + length]))) < 12:
                continue
        plants.append((target, source, par, start, length, rng.randint(0, len(bodies[target])), rng.random() < 0.5))
    by_target = {p[0]: p for p in plants}
    lines: list[str] = []
    truth: list[Plant] = []
    source_lines: dict[tuple[int, int], int] = {}
    target_lines: dict[int, tuple[int, int, int]] = {}
    for i in range(n):
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        lines += [MARKER, f"[l] at {month}/{day}/19 10:00am", names[i], ""]
        lines += [" ".join(rng.sample(vocab, 12)) + ".", ""]
        body = [" ".join(words) + "." for words in bodies[i]]
        plan = by_target.get(i)
        quoted_at = None
        if plan is not None:
            _, source, par, start, length, where, inline = plan
            passage, count = edit(bodies[source][par][start : start + length], vocab, rng)
            quote = "‘" + " ".join(w.strip('“”‘’"') for w in passage) + "’"
            surname_of = names[source].split()[1]
            words = " ".join(rng.sample(vocab, 8))
            if inline:
                insert = [f"{words}. As {surname_of} put it, {quote} {' '.join(rng.sample(vocab, 8))}."]
            else:
                insert = [f"{words}, as {names[source]} wrote:", quote]
            body[where:where] = insert
            quoted_at = where + len(insert) - 1
        for j, text in enumerate(body):
            if j == quoted_at and plan is not None:
                target_lines[i] = (len(lines) + 1, count, plan[4])
            lines += [text, ""]
        # source paragraphs: the j-th original paragraph's line (shifted by any insert before it)
        shift = 0
        for j in range(len(bodies[i])):
            if plan is not None and j == plan[5]:
                shift = 2 if not plan[6] else 1
            source_lines[(i, j)] = len(lines) - 2 * (len(body) - j - shift) + 1
        if promo[i]:
            lines += [PROMO, ""]
        if i % 50 == 49 or i == n - 1:  # a page footer, as the reader prints one per page
            lines += ["As of 10/20/19 11:10pm. Last new 4/19/19 7:56am.", "", "Next feed in category: Synthetic", ""]
    for target, source, par, start, length, _where, inline in plants:
        line, count, _ = target_lines[target]
        tokens = len(tokenize(" ".join(bodies[source][par][start : start + length])))
        truth.append(Plant(source + 1, target + 1, source_lines[(source, par)], line, tokens, count, inline))
    return "\n".join(lines) + "\n", truth


def evaluate(path: Path, truth: list[Plant], min_words: int) -> dict[str, object]:
    start = time.perf_counter()
    articles = list(isocorpus.iter_articles(str(path), on_warning=lambda d: print(d, file=sys.stderr)))
    parsed = time.perf_counter()
    cpu = time.process_time()
    parse_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    quotes = find_quotes(articles, min_words=min_words)
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    planted_pairs = {frozenset((p.source_seq, p.target_seq)) for p in truth}
    found = direction = 0
    for p in truth:
        hits = [
            q
            for q in quotes
            if {q.source.article.seq, q.target.article.seq} == {p.source_seq, p.target_seq}
            and (
                (q.target.article.seq == p.target_seq and p.target_line in q.target.lines)
                or (q.source.article.seq == p.target_seq and p.target_line in q.source.lines)
            )
        ]
        if hits:
            found += 1
            direction += any(q.source.article.seq == p.source_seq for q in hits)
    unplanted = {frozenset((q.source.article.seq, q.target.article.seq)) for q in quotes} - planted_pairs
    return {
        "articles": len(articles),
        "tokens": sum(a.word_count for a in articles),
        "planted": len(truth),
        "reported": len(quotes),
        "recall": found / len(truth) if truth else 1.0,
        "direction": direction / found if found else 1.0,
        "unplanted_pairs": len(unplanted),
        "parse_s": round(parsed - start, 2),
        "quotes_s": round(done - parsed, 2),
        "quotes_cpu_s": round(cpu, 2),
        "peak_rss_parsed_mb": round(parse_rss),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 10000])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--min-words", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3, help="runs per size (medians reported)")
    parser.add_argument("--keep", type=Path, help="write the dumps and the planted truth here")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="isocorpus-reuse-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.one:  # one size, in this process (its peak memory is its own)
        n = args.sizes[0]
        text, truth = generate(n, args.seed)
        path = workdir / f"synthetic-{n}.txt"
        path.write_text(text, encoding="utf-8")
        (workdir / f"synthetic-{n}.truth.jsonl").write_text(
            "".join(json.dumps(asdict(p)) + "\n" for p in truth), encoding="utf-8"
        )
        print(json.dumps({"size": n, **evaluate(path, truth, args.min_words)}), flush=True)
        return 0
    results = []
    for n in args.sizes:
        command = [sys.executable, __file__, "--one", "--sizes", str(n), "--seed", str(args.seed)]
        command += ["--min-words", str(args.min_words), "--keep", str(workdir)]
        runs = []
        for _ in range(args.runs):
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            runs.append(json.loads(out.splitlines()[-1]))
        result = dict(runs[0])
        for key in ("parse_s", "quotes_s", "quotes_cpu_s", "peak_rss_parsed_mb", "peak_rss_mb"):
            result[key] = statistics.median(r[key] for r in runs)
        result["runs"] = len(runs)
        results.append(result)
        print(json.dumps(result), flush=True)
    for later in results[1:]:
        first = results[0]
        wall = later["quotes_s"] / first["quotes_s"]
        cpu = later["quotes_cpu_s"] / first["quotes_cpu_s"]
        print(f"time {later['size']} / {first['size']} articles: wall {wall:.2f}, cpu {cpu:.2f} (medians)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
