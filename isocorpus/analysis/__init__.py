"""Corpus statistics: the one tokenizer, the measures, and the counts the commands print.

``tokens`` (what a token and a type are), ``measures`` (pure functions of a contingency
signature), ``counting`` (mergeable frequency tables), ``words``, ``ngrams``, ``collocates``,
``keyness`` and ``dispersion`` (what the commands of the same names compute); subcorpora are
named by ``isocorpus.query`` (``pipeline.where_filter``). Nothing here imports typer or rich.

Every count is a sum over articles, so a corpus is counted in pieces and the pieces added up
(a process pool, a Dask bag): count each partition, merge, then score::

    from isocorpus.analysis.counting import CountOptions, Table, count_partition, merge
    from isocorpus.analysis.words import score_words

    tables = [count_partition(part, CountOptions()) for part in partitions]
    words = score_words(merge(tables, Table()), top=20)

``NgramCount``, ``CollocateCount`` and ``PlotCount`` are the same kind of step for the other
commands (picklable callables over a list of articles); their tables have ``add`` too.
"""
