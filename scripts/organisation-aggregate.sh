#!/usr/bin/env bash
# The organisation view: every report in ./reports combined by `dspt aggregate` into
# organisation.json, organisation.html and organisation.md (appended to the job summary when
# there is one). Shared by the reusable GitHub workflow and the GitLab recipe; tested in
# tests/cli/organisation_workflow.rs. The gate on mandatory items is organisation-gate.sh.
#
# Environment: DSPT_ASSESSED (`success` when every assessment job succeeded; anything else fails
# this job after writing the view), DSPT_ORGANISATION_CONFIG (optional: the organisation's config,
# whose sources are assessed once as `organisation`), DSPT_AS_OF (optional), DSPT_PSEUDONYM_KEY
# (read by dspt), GITHUB_STEP_SUMMARY (optional).
set -euo pipefail

args=(aggregate --from reports)
if [ -n "${DSPT_ORGANISATION_CONFIG:-}" ]; then args+=(--config "$DSPT_ORGANISATION_CONFIG"); fi
if [ -n "${DSPT_AS_OF:-}" ]; then args+=(--as-of "$DSPT_AS_OF"); fi
status=0
dspt "${args[@]}" --format json --output organisation.json || status=$?
if [ "$status" -ge 2 ]; then exit "$status"; fi
dspt "${args[@]}" --format html --output organisation.html || true
dspt "${args[@]}" --format markdown --output organisation.md || true
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat organisation.md >> "$GITHUB_STEP_SUMMARY"; fi
# A repository whose assessment could not be made is missing from the view: the view cannot
# stand for the organisation.
if [ "${DSPT_ASSESSED:-success}" != success ]; then
  echo "::error::an assessment job did not succeed ($DSPT_ASSESSED): the organisation view is incomplete"
  exit 2
fi
