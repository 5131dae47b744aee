#!/usr/bin/env bash
# One repository of the organisation view: `dspt check` on the checkout in ./repository, its JSON
# report kept as reports/<owner__name>.json for the aggregate job. Shared by the reusable GitHub
# workflow (.github/workflows/dspt-organisation.yml) and the GitLab recipe
# (docs/ci/gitlab-organisation.yml); tested in tests/cli/organisation_workflow.rs.
#
# Environment: DSPT_REPOSITORY_NAME (owner/name), DSPT_CONFIG (the repository's dspt.yaml, default
# dspt.yaml), DSPT_AS_OF (optional), DSPT_PSEUDONYM_KEY (read by dspt), GITHUB_OUTPUT (optional:
# the report's name is written there as `name=`).
set -euo pipefail

# regorus's parser backtracks through errors, each of which captures a backtrace where the CI
# sets RUST_BACKTRACE (~40 ms a run); panics still print theirs.
export RUST_LIB_BACKTRACE=${RUST_LIB_BACKTRACE:-0}
repository=${DSPT_REPOSITORY_NAME:?DSPT_REPOSITORY_NAME must name the repository (owner/name)}
config=${DSPT_CONFIG:-dspt.yaml}
# owner/name -> owner__name: the report's name in the organisation view.
name=${repository//\//__}
mkdir -p reports
args=(check --format json --output "reports/$name.json")
# The repository's own dspt.yaml says what to read (its sources are relative to it); a
# repository without one is assessed as a bare repository.
if [ -f "repository/$config" ]; then
  args+=(--config "repository/$config")
else
  args+=(repository)
fi
if [ -n "${DSPT_AS_OF:-}" ]; then args+=(--as-of "$DSPT_AS_OF"); fi
# Exit 1 (items fail) is this repository's verdict, kept for the aggregate; exit 2 (the run cannot
# be trusted) fails the job.
status=0
dspt "${args[@]}" || status=$?
if [ "$status" -ge 2 ]; then exit "$status"; fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "name=$name" >> "$GITHUB_OUTPUT"; fi
