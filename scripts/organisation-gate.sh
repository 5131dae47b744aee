#!/usr/bin/env bash
# Fails (exit 1) while organisation.json, the organisation view, lists a mandatory item
# outstanding, naming them.
set -euo pipefail
outstanding=$(jq -r '.summary.mandatory_outstanding | join(", ")' organisation.json)
if [ -n "$outstanding" ]; then
  echo "::error::mandatory items outstanding: $outstanding"
  exit 1
fi
echo "no mandatory item outstanding"
