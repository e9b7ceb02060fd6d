#!/usr/bin/env bash
# Ingest time of each adversarial shape (issue 9) at 100 KB and 1 MB, release build, with the
# growth ratio (a linear pass: about 10x). See benches/ingest_adversarial.rs for the knobs:
#
#   bash benches/ingest_adversarial.sh
#   SIZES=50000,500000 SHAPES=stars,pipes WRAPPERS=md bash benches/ingest_adversarial.sh
#
# This is a benchmark, not a test: nothing here asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench --quiet --bench ingest_adversarial
