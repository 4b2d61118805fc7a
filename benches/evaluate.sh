#!/usr/bin/env bash
# Runs every evaluation over the gold corpora and writes EVALUATION.md at the
# repository root (our figures beside the best published ones). The corpora
# are read in place and never copied into the repository.
#
#   benches/evaluate.sh
#   NEWSEVENTS_DATA=/work/shared/data benches/evaluate.sh
#
# Environment:
#   NEWSEVENTS_DATA [../shared/data relative to the repository; beside the main
#                    checkout for a linked worktree]
#   SKIP_BUILD [0]   1: use the existing target/release/newsevents
#
# Without the corpora it says so and exits 0 (nothing is written).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [[ ! -d "$DATA" ]]; then
  echo "evaluate: no gold corpora at $DATA (set NEWSEVENTS_DATA); nothing evaluated, EVALUATION.md left as it is."
  exit 0
fi
DATA="$(cd "$DATA" && pwd)"
OUT="$REPO/target/eval"
mkdir -p "$OUT"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  cargo build --release --quiet
fi
BIN="$REPO/target/release/newsevents"

# name | format | gold file (relative to $DATA) | extra arguments
run() {
  local name="$1" format="$2" file="$3"
  shift 3
  if [[ ! -f "$DATA/$file" ]]; then
    echo "evaluate: $DATA/$file missing, $name skipped" >&2
    return 0
  fi
  echo "== $name" >&2
  rm -f "$OUT/$name.json"
  # A failed run (e.g. a dictionary our reader rejects) is reported in
  # EVALUATION.md, not fatal to the other evaluations.
  if ! "$BIN" "$@" eval "$format" "$DATA/$file" --json "$OUT/$name.json" \
    >"$OUT/$name.txt" 2>"$OUT/$name.err"; then
    python3 -c 'import json,sys; json.dump({"error": open(sys.argv[1]).read().strip()}, open(sys.argv[2], "w"))' \
      "$OUT/$name.err" "$OUT/$name.json"
  fi
  cat "$OUT/$name.txt" "$OUT/$name.err" >&2
}

D="$DATA/petrarch-event-coding/dictionaries"
run anercorp anercorp anercorp/ANERcorp.test.conll
run newsfane newsfane newsfane-gold-arabic/NewsFANE_Gold_2014_170K.txt
run conll2003 conll2003 conll2003-en-test/eng.testb.iob2.txt
run lgl lgl lgl-toponyms/lgl.xml
run geowebnews geowebnews geowebnews/GWN.xml
run geovirus geovirus geovirus/GeoVirus.xml
run petrarch_gsr petrarch petrarch-event-coding/PETR2_GSR_validation.xml
# PETRARCH's own conventions for the records PETRARCH-2 was validated on: the
# Phoenix actor files, and the act's code for announced acts (no intent codes).
run petrarch_gsr_phoenix petrarch petrarch-event-coding/PETR2_GSR_validation.xml \
  --set "actors.petrarch=[\"$D/Phoenix.Countries.actors.txt\",\"$D/Phoenix.International.actors.txt\",\"$D/Phoenix.MilNonState.actors.txt\"]" \
  --set "actors.petrarch_agents=[\"$D/Phoenix.agents.txt\"]" \
  --set "events.discards=[\"$D/Phoenix.discards.txt\"]" \
  --set events.intent_codes=false
# The unit tests assume PETR.Validate.* (fictional actors, their own verb codes).
run petrarch_unit petrarch petrarch-event-coding/PETR.UnitTest.records.xml \
  --set "actors.petrarch=[\"$D/PETR.Validate.actors.txt\"]" \
  --set "actors.petrarch_agents=[\"$D/PETR.Validate.agents.txt\"]" \
  --set events.embedded=false \
  --set "events.verbs_en=[\"$D/PETR.Validate.verbs.txt\"]" \
  --set "events.discards=[\"$D/PETR.Validate.discards.txt\"]" \
  --set "events.agents=[\"$D/PETR.Validate.agents.txt\"]" \
  --set events.intent_codes=false
run coverage coverage news-articles/articles.jsonl
DATA="$REPO" run sample sample tests/fixtures/articles/sample.expected.json
DATA="$REPO" run events_ar_dev events tests/fixtures/events/arabic_dev.jsonl
# Our authored dev sets (in-sample: we look at them while building the stage).
DATA="$REPO" run toponyms_ar_local toponyms data/dev/toponyms_ar_local.jsonl
DATA="$REPO" run toponyms_en_cities toponyms data/dev/toponyms_en_cities.jsonl

python3 benches/evaluation_md.py "$OUT" "$DATA" >EVALUATION.md
echo "evaluate: wrote EVALUATION.md (raw reports in $OUT)" >&2
