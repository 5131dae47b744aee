# METADATA
# title: Workflows run on pull_request_target do not check out untrusted code
# description: >-
#   A workflow triggered by pull_request_target runs with the base repository's secrets and a
#   token that can write; checking out the pull request's own code there (its head, its head
#   branch or its merge ref) lets anyone who opens a pull request run code with those
#   privileges. No such workflow checks out that code with actions/checkout.
# custom:
#   id: REPO-PRT-001
#   severity: critical
#   sources: [repository]
package dspt.checks.repo.pull_request_target_safe

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

workflows := {path: document |
	some path in workflow_paths
	not files[path].error
	document := files[path].documents[0]
	is_object(document)
}

unreadable := {path | some path in workflow_paths; files[path].error}

# The `on` key: YAML 1.1 parsers read a bare `on` as the boolean true.
trigger_keys := ["on", "true", true]

event_names(value) := {value} if is_string(value)

event_names(value) := {name | some name in value; is_string(name)} if is_array(value)

event_names(value) := {name | some name, _ in value} if is_object(value)

target_workflows := {path |
	some path, document in workflows
	some key in trigger_keys
	"pull_request_target" in event_names(document[key])
}

untrusted_refs := {lower(ref) | some ref in params.untrusted_checkout_refs}

# actions/checkout inputs that choose what is checked out.
checkout_inputs := ["ref", "repository"]

is_checkout(uses) if lower(uses) == "actions/checkout"

is_checkout(uses) if startswith(lower(uses), "actions/checkout@")

# [file, job, step index] of every checkout of untrusted code.
untrusted_checkouts contains [path, job_id, index] if {
	some path in target_workflows
	some job_id, job in workflows[path].jobs
	some index, step in job.steps
	is_string(step.uses)
	is_checkout(step.uses)
	some name in checkout_inputs
	value := step["with"][name]
	is_string(value)
	some ref in untrusted_refs
	contains(lower(value), ref)
}

step_label(step, index) := sprintf("step %q", [step.name]) if {
	is_string(step.name)
} else := sprintf("step %d", [index + 1])

deny contains finding if {
	some [path, job_id, index] in untrusted_checkouts
	step := workflows[path].jobs[job_id].steps[index]
	chosen := [sprintf("%s: %s", [name, step["with"][name]]) |
		some name in checkout_inputs
		is_string(step["with"][name])
	]
	finding := {
		"msg": sprintf(
			"%s runs on pull_request_target and job %s, %s, checks out the pull request's code (%s) with the base repository's secrets and write token",
			[path, job_id, step_label(step, index), concat(", ", chosen)],
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
				"%s could not be parsed, so whether it checks out untrusted code on pull_request_target is unknown: %s",
				[path, object.get(problem, "message", "no reason given")],
			),
			"file": path,
			"source": "repository",
		},
		location,
	)
}

skip := sprintf("the repository has no GitHub Actions workflow in %s", [workflow_folder]) if {
	is_object(files)
	count(workflow_paths) == 0
}
