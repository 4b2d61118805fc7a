"""Per-record timestamps of a bench run, as `dump_times` in benches/lib.sh
writes them (key<TAB>timestamp in ms, one line per record, BASE.in.tsv for
the input topic and BASE.out.tsv for the output topic). Imported by the
Python parts of e2e.sh, latency.sh and rebalance.sh (run from the checkout).
"""


def read(path):
    """key -> timestamp (ms) of its first record in one .tsv file."""
    d = {}
    for line in open(path, encoding="utf-8"):
        k, _, t = line.rstrip("\n").rpartition("\t")
        if k and t.isdigit():
            d.setdefault(k, int(t))
    return d


def read_run(base):
    """(input, output) timestamps by key, from BASE.in.tsv and BASE.out.tsv."""
    return read(base + ".in.tsv"), read(base + ".out.tsv")
