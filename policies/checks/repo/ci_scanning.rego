# METADATA
# title: CI scans dependencies or code for vulnerabilities
# description: >-
#   Continuous integration runs a dependency or code scanner on proposed and pushed changes: a
#   GitHub Actions workflow triggered on pull_request or push has a step using a scanning action
#   (CodeQL, Trivy, OSV-Scanner, Snyk, dependency review, ...) or running a scanning command
#   (pip-audit, npm audit, cargo audit, govulncheck, ...), directly or in a local reusable
#   workflow it calls; or GitLab CI includes a GitLab security scanning template or component,
#   or runs a scanning command in a job script.
# custom:
#   id: REPO-SCA-001
#   severity: medium
#   sources: [repository]
package dspt.checks.repo.ci_scanning

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

gitlab_paths := {path | some path in params.gitlab_ci_paths; files[path]}

gitlab_configs := {path: document |
	some path in gitlab_paths
	not files[path].error
	document := files[path].documents[0]
	is_object(document)
}

ci_paths := workflow_paths | gitlab_paths

unreadable := {path | some path in ci_paths; files[path].error}

# The `on` key: YAML 1.1 parsers read a bare `on` as the boolean true.
trigger_keys := ["on", "true", true]

event_names(value) := {value} if is_string(value)

event_names(value) := {name | some name in value; is_string(name)} if is_array(value)

event_names(value) := {name | some name, _ in value} if is_object(value)

triggers := {path: names |
	some path, document in workflows
	names := {name | some key in trigger_keys; some name in event_names(document[key])}
}

triggered := {path | some path, names in triggers; some name in params.scanning_triggers; name in names}

scanning_actions := {lower(action) | some action in params.scanning_actions}

scanning_commands := {lower(command) | some command in params.scanning_commands}

# Workflows holding a scanning step or calling a scanning reusable workflow, whatever their triggers.
scans contains path if {
	some path, document in workflows
	some _, job in document.jobs
	some step in job.steps
	is_string(step.uses)
	some prefix in scanning_actions
	startswith(lower(step.uses), prefix)
}

scans contains path if {
	some path, document in workflows
	some _, job in document.jobs
	some step in job.steps
	is_string(step.run)
	some command in scanning_commands
	contains(lower(step.run), command)
}

scans contains path if {
	some path, document in workflows
	some _, job in document.jobs
	is_string(job.uses)
	some prefix in scanning_actions
	startswith(lower(job.uses), prefix)
}

# Local reusable workflows (`jobs.<id>.uses: ./.github/workflows/x.yml`) called by a triggered workflow.
called := {path |
	some caller in triggered
	some _, job in workflows[caller].jobs
	is_string(job.uses)
	startswith(job.uses, "./")
	path := substring(job.uses, 2, -1)
}

scanning_workflows := scans & (triggered | called)

# Scanning workflows that run on none of the accepted triggers (e.g. only on a schedule).
untriggered_scans := scans - (triggered | called)

include_items(value) := value if is_array(value)

include_items(value) := [value] if not is_array(value)

gitlab_scans contains path if {
	some path, config in gitlab_configs
	some item in include_items(config.include)
	is_object(item)
	item.template in params.scanning_gitlab_templates
}

gitlab_scans contains path if {
	some path, config in gitlab_configs
	some item in include_items(config.include)
	is_object(item)
	is_string(item.component)
	some component in params.scanning_gitlab_components
	contains(item.component, component)
}

gitlab_scans contains path if {
	some path, config in gitlab_configs
	some _, job in config
	is_object(job)
	some key in ["before_script", "script", "after_script"]
	walk(job[key], [_, line])
	is_string(line)
	some command in scanning_commands
	contains(lower(line), command)
}

satisfied := count(scanning_workflows | gitlab_scans) > 0

deny contains finding if {
	is_object(files)
	count(ci_paths) == 0
	finding := {
		"msg": sprintf(
			"no CI configuration: no workflow in %s and none of %s, so no dependency or code scanning runs on changes",
			[workflow_folder, concat(", ", params.gitlab_ci_paths)],
		),
		"source": "repository",
	}
}

untriggered_note := "" if {
	count(untriggered_scans) == 0
} else := sprintf(
	"; %s scans but is not triggered on any of %s",
	[concat(", ", sort(untriggered_scans)), concat(", ", params.scanning_triggers)],
)

deny contains finding if {
	not satisfied
	count(ci_paths) > 0
	count(unreadable) == 0
	finding := {
		"msg": sprintf(
			"CI runs no dependency or code scanning on pull requests or pushes (read %s): no step uses a scanning action such as %s or runs a scanning command such as %s%s",
			[
				concat(", ", sort(ci_paths)),
				concat(", ", array.slice(params.scanning_actions, 0, 3)),
				concat(", ", array.slice(params.scanning_commands, 0, 3)),
				untriggered_note,
			],
		),
		"source": "repository",
	}
}

error contains finding if {
	not satisfied
	some path in unreadable
	problem := files[path].error
	location := {"line": line | line := problem.line; is_number(line); line >= 1}
	finding := object.union(
		{
			"msg": sprintf(
				"CI configuration %s could not be parsed, so whether it runs dependency or code scanning is unknown: %s",
				[path, object.get(problem, "message", "no reason given")],
			),
			"file": path,
			"source": "repository",
		},
		location,
	)
}
