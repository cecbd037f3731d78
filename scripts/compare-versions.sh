#!/usr/bin/env bash
# Does this version answer as an earlier one did, on a database the earlier one wrote?
#
#   scripts/compare-versions.sh REV [DATA]
#
# Checks out REV (a commit, tag or branch) into a temporary work tree, has it ingest the real files of
# DATA (default ../shared/data) into a new database, then runs the same commands with REV and with this
# work tree, each on its own copy of that database, and compares their output. Prints one line per
# command ("same" or the first lines of the difference); exits 1 when any differs.
set -euo pipefail
rev=${1:?usage: scripts/compare-versions.sh REV [DATA]}
here=$(cd "$(dirname "$0")/.." && pwd)
data=$(cd "${2:-$here/../shared/data}" && pwd)
work=$(mktemp -d)
trap 'git -C "$here" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

git -C "$here" worktree add --quiet --detach "$work/old" "$rev"
ln -s "$here/node_modules" "$work/old/node_modules"
files=(
  "$data"/records/ero-lesa-seattle-aor-removals-*.csv
  "$data"/flights/radarbox/*.csv
  "$data"/flights/observers/yakima-kykm-2019-2021.psv
  "$data"/flights/observers/minneapolis-msp-2025-2026.csv
  "$data"/records/ddp-arrests-criminality-by-state-month.csv
  "$data"/records/ice-removals-by-citizenship-fy2017-2018.csv
  "$data"/adsb/readsb/trace_full_ac671b.json
  "$data"/adsb/opensky-snapshots/ice-hubs-2026-05.json
  "$data"/flights/arts/arts-kbfi-missions.csv
)
(cd "$work/old" && ./bin/deportwatch.js --quiet --db "$work/written-by-old.duckdb" ingest "${files[@]}" >/dev/null)

commands=(
  "report removals --by fiscal_year,pathway --format csv"
  "report removals --by has_conviction,criminality --format csv"
  "report flights --by month,category --format csv"
  "report arrests --by month --format csv"
  "flights summary --format json"
  "flights baseline --format csv"
  "flights passengers --by month --every-count --format csv"
  "sources"
  "claims check --format json"
  "query 'SELECT count(*) AS n, sum(source_row) AS s FROM removals_enriched'"
)
status=0
for command in "${commands[@]}"; do
  outputs=()
  for tree in "$work/old" "$here"; do
    cp "$work/written-by-old.duckdb" "$work/copy.duckdb"
    # The time a claim was checked differs from run to run, and says nothing about the answer.
    outputs+=("$(cd "$tree" && eval ./bin/deportwatch.js --db "$work/copy.duckdb" "$command" 2>&1 | grep -v '"checkedAt"')")
  done
  if [ "${outputs[0]}" == "${outputs[1]}" ]; then
    echo "same ($(printf '%s\n' "${outputs[0]}" | wc -l) lines): $command"
  else
    echo "DIFFERENT: $command"
    diff <(printf '%s\n' "${outputs[0]}") <(printf '%s\n' "${outputs[1]}") | head -10 || true
    status=1
  fi
done
exit $status
