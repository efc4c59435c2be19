#!/bin/sh
# The history example: three months run in order, then the history across them.
# Run from the repository root: sh examples/history/run.sh
# The web pages are archived under examples/history/web/ (--offline: never the network).
# Outputs and the history database: examples/history/out/ (git-ignored). Start again from
# scratch with: rm -rf examples/history/out
set -e
config=examples/history/config.yaml
for period in 2026-09 2026-10 2026-11; do
    compliance --config "$config" run --period "$period" --offline
done
compliance --config "$config" history
