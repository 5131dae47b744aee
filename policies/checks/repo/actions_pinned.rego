# METADATA
# title: Third-party GitHub Actions are pinned to a commit
# description: >-
#   Every third-party action and reusable workflow a workflow (or a composite action in the
#   repository) uses is pinned to a full 40-character commit SHA, so a moved or compromised tag
#   cannot change the code the build runs. Local actions (./), Docker images pinned by sha256
#   digest, and actions of trusted owners (GitHub's own and the organisation's) are exempt.
# custom:
#   id: REPO-PIN-001
#   severity: high
#   sources: [repository]
package dspt.checks.repo.actions_pinned

import rego.v1

params := data.dspt.params.repository

files := input.repository.files

workflow_folder := ".github/workflows/"

# GitHub reads the YAML files directly in .github/workflows/, not in folders below it.
workflow_paths := {path |
	some path, file in files
	startswith(path, workflow_folder)
	not contains(substring(path, count(workflow_folder), -1), "/")
	file.kind == "yaml"
}

# Composite actions defined in the repository (action.yml / action.yaml anywhere).
action_paths := {path |
	some path, file in files
	file.kind == "yaml"
	name := regex.replace(path, `^.*/`, "")
	name in {"action.yml", "action.yaml"}
}

sources := workflow_paths | action_paths

documents := {path: document |
	some path in sources
	not files[path].error
	document := files[path].documents[0]
	is_object(document)
}

unreadable := {path | some path in sources; files[path].error}

# [file, where, reference] for every `uses`: steps of jobs, reusable-workflow jobs, composite steps.
references contains [path, sprintf("job %s", [job_id]), step.uses] if {
	some path in workflow_paths
	some job_id, job in documents[path].jobs
	some step in job.steps
	is_string(step.uses)
}

references contains [path, sprintf("job %s", [job_id]), job.uses] if {
	some path in workflow_paths
	some job_id, job in documents[path].jobs
	is_string(job.uses)
}

references contains [path, "composite action", step.uses] if {
	some path in action_paths
	some step in documents[path].runs.steps
	is_string(step.uses)
}

exempt_owners := {lower(owner) | some owner in array.concat(params.trusted_action_owners, params.own_owners)}

commit_pattern := `@[0-9a-f]{40}$`

digest_pattern := `@sha256:[0-9a-f]{64}$`

# References that are pinned or need no pin.
exempt contains reference if {
	some [_, _, reference] in references
	startswith(reference, "./")
}

exempt contains reference if {
	some [_, _, reference] in references
	startswith(lower(reference), "docker://")
	regex.match(digest_pattern, reference)
}

exempt contains reference if {
	some [_, _, reference] in references
	not startswith(lower(reference), "docker://")
	lower(split(reference, "/")[0]) in exempt_owners
}

exempt contains reference if {
	some [_, _, reference] in references
	not startswith(lower(reference), "docker://")
	regex.match(commit_pattern, reference)
}

deny contains finding if {
	some [path, where, reference] in references
	not reference in exempt
	not startswith(lower(reference), "docker://")
	finding := {
		"msg": sprintf(
			"%s (%s) uses %s, which is not pinned to a full 40-character commit SHA: the tag or branch can be moved to run other code",
			[path, where, reference],
		),
		"file": path,
		"source": "repository",
	}
}

deny contains finding if {
	some [path, where, reference] in references
	not reference in exempt
	startswith(lower(reference), "docker://")
	finding := {
		"msg": sprintf(
			"%s (%s) uses %s, which is not pinned by an @sha256: digest: the image tag can be moved to run other code",
			[path, where, reference],
		),
		"file": path,
		"source": "repository",
	}
}

error contains finding if {
	some path in unreadable
	problem := files[path].error
	location := {"line": line | line := problem.line; is_number(line); line >= 1}
	finding := object.union(
		{
			"msg": sprintf(
				"%s could not be parsed, so whether the actions it uses are pinned is unknown: %s",
				[path, object.get(problem, "message", "no reason given")],
			),
			"file": path,
			"source": "repository",
		},
		location,
	)
}

skip := sprintf("the repository has no GitHub Actions workflow in %s and no composite action", [workflow_folder]) if {
	is_object(files)
	count(sources) == 0
}
