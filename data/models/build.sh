#!/usr/bin/env bash
# Rebuilds the shipped entity-tagger models (data/models/ner-{ar,en}.bin) from the training corpora,
# deterministically (fixed seeds; same inputs → byte-identical files). See data/models/SOURCE.md.
#
#   data/models/build.sh [--corpora DIR] [--ant-repo GIT_DIR] [--spacy-wheel WHL]
#
#   --corpora DIR      shared corpora (default ../shared/data): ANERcorp train, ner-training/
#   --ant-repo GIT_DIR also relearn the Arabic word clusters (data/models/clusters/ar.tsv.gz) from a
#                      snapshot of github.com/antcorpus/antcorpus.multisource.data (commit f117ce44…)
#   --spacy-wheel WHL  also rebuild the English Brown-cluster list from the PyPI wheel
#                      spacy_lookups_data-1.0.5-py2.py3-none-any.whl (`pip download spacy-lookups-data==1.0.5 --no-deps`)
#
# Without the two optional inputs the committed cluster files are used.
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPORA=../shared/data
ANT=""
WHEEL=""
while [ $# -gt 0 ]; do
  case "$1" in
    --corpora) CORPORA=$2; shift 2;;
    --ant-repo) ANT=$2; shift 2;;
    --spacy-wheel) WHEEL=$2; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
cargo build --release --bin newsevents
BIN=target/release/newsevents
WORK=target/ner-build
mkdir -p "$WORK"

if [ -n "$ANT" ]; then
  # Title and body text of every article (TITLE and TEXT elements), one paragraph a line,
  # repeated lines dropped (first occurrence kept), in the snapshot's file order.
  git -C "$ANT" ls-tree -r HEAD | awk '$4 ~ /\.txt$/ {print $3}' | git -C "$ANT" cat-file --batch \
    | python3 -c '
import re, sys
data = sys.stdin.buffer.read().decode("utf-8", "replace")
seen = set()
for m in re.finditer(r"<TITLE>(.*?)</TITLE>.*?<TEXT>(.*?)</TEXT>", data, re.S):
    for line in [m.group(1)] + m.group(2).split("\n"):
        line = line.strip()
        if line and line not in seen:
            seen.add(line)
            print(line)
' > "$WORK/ant.txt"
  "$BIN" train-ner --corpora "$CORPORA" clusters --text "$WORK/ant.txt" \
    --corpus-spec data/models/ner-ar.toml --dim 64 --epochs 2 --seed 20261207 \
    --out data/models/clusters/ar.tsv.gz
fi

if [ -n "$WHEEL" ]; then
  python3 - "$WHEEL" <<'PY' | gzip -9n > data/models/clusters/en-brown.tsv.gz
import gzip, io, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
c = json.load(gzip.open(io.BytesIO(z.read("spacy_lookups_data/data/en_lexeme_cluster.json.gz"))))
p = json.load(gzip.open(io.BytesIO(z.read("spacy_lookups_data/data/en_lexeme_prob.json.gz"))))
print("# Brown clusters of spaCy's English lookups data: PyPI spacy-lookups-data 1.0.5 (MIT), table en_lexeme_cluster,")
print("# the 250,000 most probable words by en_lexeme_prob that have a cluster; word<TAB>cluster integer (first path bit lowest).")
for w in sorted(c, key=lambda w: (-p.get(w, -99), w))[:250000]:
    if c[w] and not any(ch in w for ch in "\t\n "):
        print(f"{w}\t{c[w]}")
PY
fi

for lang in ar en; do
  "$BIN" train-ner --corpora "$CORPORA" train "data/models/ner-$lang.toml" --out "data/models/ner-$lang.bin"
done
sha256sum data/models/ner-*.bin
