# METADATA
# title: Workflows run on pull_request_target do not check out untrusted code
# description: >-
#   A workflow triggered by pull_request_target runs with the base repository's secrets and a
#   token that can write; checking out the pull request's own code there (its head, its head
#   branch or its merge ref) lets anyone who opens a pull request run code with those
#   privileges. No such workflow checks out that code with actions/checkout, in its own steps,
#   in a composite action of the repository it uses, or in a local reusable workflow it calls.
# custom:
#   id: REPO-PRT-001
#   severity: critical
#   sources: [repository]
#   judges: GitHub Actions workflows
package dspt.checks.repo.pull_request_target_safe

import rego.v1

params := data.dspt.params.repository

files := input.repository.files

workflow_folder := data.dspt.lib.repository.workflow_folder

workflow_paths := data.dspt.lib.repository.workflow_paths

workflows := data.dspt.lib.repository.workflows

# Every workflow file is read for its triggers (an unparsable one is reported as an error).
judged contains path if {
	some path in workflow_paths
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

# Local reusable workflows a pull_request_target workflow calls run in its context too.
target_reach := target_workflows | data.dspt.lib.repository.callees(target_workflows)

untrusted_refs := {lower(ref) | some ref in params.untrusted_checkout_refs}

# actions/checkout inputs that choose what is checked out.
checkout_inputs := ["ref", "repository"]

is_checkout(uses) if lower(uses) == "actions/checkout"

is_checkout(uses) if startswith(lower(uses), "actions/checkout@")

# Steps of those workflows (composite actions expanded) that check out untrusted code, and the
# first checkout input that selects it.
untrusted_checkouts contains [entry, name] if {
	some entry in data.dspt.lib.repository.steps
	entry.workflow in target_reach
	step := entry.step
	is_string(step.uses)
	is_checkout(step.uses)
	name := first_untrusted_input(step)
}

first_untrusted_input(step) := name if {
	names := [name |
		some name in checkout_inputs
		value := step["with"][name]
		is_string(value)
		some ref in untrusted_refs
		contains(lower(value), ref)
	]
	name := names[0]
}

step_label(step, index) := sprintf("step %q", [step.name]) if {
	is_string(step.name)
} else := sprintf("step %d", [index + 1])

# Where the step is written, for the message: nothing for a workflow's own step.
written_in(entry) := "" if {
	entry.file == entry.workflow
} else := sprintf(" (in %s)", [entry.file])

called_note(entry) := "" if {
	entry.workflow in target_workflows
} else := " is called by a workflow that"

deny contains finding if {
	some [entry, name] in untrusted_checkouts
	step := entry.step
	chosen := [sprintf("%s: %s", [input_name, step["with"][input_name]]) |
		some input_name in checkout_inputs
		is_string(step["with"][input_name])
	]
	finding := {
		"msg": sprintf(
			"%s%s runs on pull_request_target and job %s, %s%s, checks out the pull request's code (%s) with the base repository's secrets and write token",
			[entry.workflow, called_note(entry), entry.job, step_label(step, entry.at[count(entry.at) - 1]), written_in(entry), concat(", ", chosen)],
		),
		"file": entry.file,
		"pointer": data.dspt.lib.repository.pointer(array.concat(entry.at, ["with", name])),
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
