#!/usr/bin/env bash
# Output identity between two builds: runs the release binary of a base
# commit and of the head (default: the working tree) over the real articles
# and the sample, and compares the records byte for byte. Use it for any
# change meant not to move the output (refactors, speed work).
#
#   benches/identity.sh                      # merge-base with main vs the working tree
#   benches/identity.sh 921f584              # that commit vs the working tree
#   benches/identity.sh 921f584 HEAD         # two commits
#
# What is ignored, and only that: `processed_at` (enriched records) and
# `failed_at` (dead letters), which are wall-clock times, and entries of
# `versions.dictionaries` that the base's records do not have (version keys a
# change adds). A changed value of an existing version key is a difference.
# Records are matched by `origin.offset` (the input line), so the worker
# pool's output order does not matter.
#
# Commit builds are cached in target/identity/<sha>/newsevents, built from a
# detached git worktree (target/identity/<sha>/src, removed afterwards) with
# their own cargo target dir (target/identity/target, seeded once from
# target/release when that exists, so the dependencies are not compiled
# again). The working tree is built with a plain `cargo build --release`.
# Outputs stay in target/identity/run/.
#
# Environment:
#   NEWSEVENTS_DATA [../shared/data, beside the main checkout for a worktree]
#                                      holds news-articles/articles.jsonl (skipped if missing)
#   IDENTITY_INPUTS                    space-separated JSON Lines files instead of the two defaults
#   SKIP_BUILD [0]                     1: use target/release/newsevents for the working tree as it is
#
# Exit status: 0 when every record is identical, 1 when some differ, 2 on error.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
OUT="$REPO/target/identity"
mkdir -p "$OUT/run"

base_ref="${1:-$(git merge-base HEAD main 2>/dev/null || git rev-parse HEAD)}"
head_ref="${2:-WORKTREE}"
base_sha="$(git rev-parse --verify "$base_ref^{commit}")"

log() { echo "[identity] $*" >&2; }

# Prints the path of a release binary of commit $1, building it if needed.
build_commit() {
  local sha="$1" dir="$OUT/$1"
  if [[ ! -x "$dir/newsevents" ]]; then
    log "building $sha (cached afterwards in $dir)"
    mkdir -p "$dir"
    rm -rf "$dir/src"
    git worktree prune
    git worktree add --detach --quiet "$dir/src" "$sha"
    if [[ ! -d "$OUT/target/release" && -d "$REPO/target/release" ]]; then
      mkdir -p "$OUT/target"
      cp -a "$REPO/target/release" "$OUT/target/release"
    fi
    (cd "$dir/src" && CARGO_TARGET_DIR="$OUT/target" nice -n 10 cargo build --release --quiet --bin newsevents)
    cp "$OUT/target/release/newsevents" "$dir/newsevents"
    git worktree remove --force "$dir/src"
  fi
  echo "$dir/newsevents"
}

base_bin="$(build_commit "$base_sha")"
if [[ "$head_ref" == WORKTREE ]]; then
  head_label="working tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo '+changes'))"
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    nice -n 10 cargo build --release --quiet --bin newsevents
  fi
  head_bin="$REPO/target/release/newsevents"
else
  head_sha="$(git rev-parse --verify "$head_ref^{commit}")"
  head_label="$head_sha"
  head_bin="$(build_commit "$head_sha")"
fi

if [[ -n "${IDENTITY_INPUTS:-}" ]]; then
  read -r -a inputs <<<"$IDENTITY_INPUTS"
else
  inputs=()
  if [[ -f "$DATA/news-articles/articles.jsonl" ]]; then
    inputs+=("$(cd "$DATA/news-articles" && pwd)/articles.jsonl")
  else
    log "no $DATA/news-articles/articles.jsonl (set NEWSEVENTS_DATA); real articles skipped"
  fi
  inputs+=("$REPO/tests/fixtures/articles/sample.jsonl")
fi

log "base: $base_sha"
log "head: $head_label"
status=0
for input in "${inputs[@]}"; do
  name="$(basename "$input" .jsonl)"
  for side in base head; do
    bin="${side}_bin"
    # The same input path for both sides: `origin.topic` is the file name.
    env -u NEWSEVENTS_CONFIG "${!bin}" run --input "$input" \
      --output "$OUT/run/$name.$side.jsonl" --dead-letter "$OUT/run/$name.$side.dead.jsonl" \
      2>"$OUT/run/$name.$side.log" || {
      log "$side run over $input failed; see $OUT/run/$name.$side.log"
      exit 2
    }
  done
  python3 - "$name" "$OUT/run/$name" <<'PY' || status=1
import json, re, sys

name, prefix = sys.argv[1], sys.argv[2]
VOLATILE = re.compile(r',"(processed_at|failed_at)":"[^"]*"')
DICTS = re.compile(r'"dictionaries":(\{[^{}]*\})')


def load(path):
    """offset -> record line with the volatile times cut out, verbatim otherwise."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            offset = json.loads(line)["origin"]["offset"]
            if offset in out:
                sys.exit(f"{path}: two records for input line {offset}")
            out[offset] = VOLATILE.sub("", line)
    return out


def drop_added_versions(head, base):
    """Removes from `head` the dictionary-version keys `base` lacks."""
    mb, mh = DICTS.search(base), DICTS.search(head)
    if not mb or not mh:
        return head
    kept = json.loads(mb.group(1)).keys()
    d = json.loads(mh.group(1))
    d = {k: v for k, v in d.items() if k in kept}
    return head[: mh.start(1)] + json.dumps(d, ensure_ascii=False, separators=(",", ":")) + head[mh.end(1):]


same = differ = 0
ids = []
for kind in ("", ".dead"):
    base, head = load(f"{prefix}.base{kind}.jsonl"), load(f"{prefix}.head{kind}.jsonl")
    for offset in sorted(set(base) | set(head)):
        b, h = base.get(offset), head.get(offset)
        if b is not None and h is not None:
            h = drop_added_versions(h, b)
        if b == h:
            same += 1
        else:
            differ += 1
            rec = json.loads(b or h)
            what = "only in base" if h is None else "only in head" if b is None else "differs"
            ids.append(f"{rec.get('id', '?')} (line {offset}{', dead letter' if kind else ''}, {what})")
print(f"{name}: {same} identical, {differ} differing")
for i in ids:
    print(f"  {i}")
sys.exit(1 if differ else 0)
PY
done
exit "$status"
