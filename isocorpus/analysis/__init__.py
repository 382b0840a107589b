"""Corpus statistics: the one tokenizer, the measures, and the counts the commands print.

``tokens`` (what a token and a type are), ``measures`` (pure functions of a contingency
signature), ``counting`` (mergeable frequency tables: count a partition, merge, score),
``words``, ``ngrams``, ``collocates``, ``keyness`` and ``dispersion`` (what the commands of
the same names compute), ``subcorpus`` (the ``--target``/``--reference`` expressions).
Nothing here imports typer or rich.
"""
