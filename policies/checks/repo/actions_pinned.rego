# METADATA
# title: Third-party GitHub Actions are pinned to a commit
# description: >-
#   Every third-party action and reusable workflow a workflow (or a composite action in the
#   repository) uses is pinned to a full 40-character commit SHA, so a moved or compromised tag
#   cannot change the code the build runs. Local actions (./), Docker images pinned by sha256
#   digest, and actions of trusted owners (GitHub's own and the organisation's) are exempt; a
#   Docker action's `docker://` image must be pinned by digest too. A local action or reusable
#   workflow that is not tracked fails: what it runs cannot be seen, let alone checked.
# custom:
#   id: REPO-PIN-001
#   severity: high
#   sources: [repository]
#   judges: GitHub Actions workflows and action files
package dspt.checks.repo.actions_pinned

import rego.v1

params := data.dspt.params.repository

files := input.repository.files

workflow_folder := data.dspt.lib.repository.workflow_folder

workflow_paths := data.dspt.lib.repository.workflow_paths

# Action metadata files in the repository (action.yml / action.yaml anywhere): composite
# actions' steps and Docker actions' images are judged as well as workflows.
action_paths := data.dspt.lib.repository.action_paths

sources := workflow_paths | action_paths

# Every workflow and action file, parsed or not (an unparsable one is reported as an error).
judged contains path if {
	some path in sources
}

unreadable := {path | some path in sources; files[path].error}

# Every `uses` of a workflow step, a reusable-workflow job or a composite action step, and the
# image of a Docker action: {file, at (pointer parts), where, uses}.
references := data.dspt.lib.repository.uses_sites | docker_images

docker_images contains {"file": path, "at": ["runs", "image"], "where": "Docker action", "uses": image, "kind": "image"} if {
	some path, document in data.dspt.lib.repository.actions
	image := document.runs.image
	is_string(image)
	startswith(lower(image), "docker://")
}

exempt_owners := {lower(owner) | some owner in array.concat(params.trusted_action_owners, params.own_owners)}

commit_pattern := `@[0-9a-f]{40}$`

digest_pattern := `@sha256:[0-9a-f]{64}$`

# References that are pinned or need no pin. A local reference (./) is judged where it leads:
# the action file is itself a source, and a missing one is a finding below.
exempt contains reference if {
	some site in references
	reference := site.uses
	startswith(reference, "./")
}

exempt contains reference if {
	some site in references
	reference := site.uses
	startswith(lower(reference), "docker://")
	regex.match(digest_pattern, reference)
}

exempt contains reference if {
	some site in references
	reference := site.uses
	not startswith(lower(reference), "docker://")
	lower(split(reference, "/")[0]) in exempt_owners
}

exempt contains reference if {
	some site in references
	reference := site.uses
	not startswith(lower(reference), "docker://")
	regex.match(commit_pattern, reference)
}

deny contains finding if {
	some site in references
	not site.uses in exempt
	not startswith(lower(site.uses), "docker://")
	finding := {
		"msg": sprintf(
			"%s (%s) uses %s, which is not pinned to a full 40-character commit SHA: the tag or branch can be moved to run other code",
			[site.file, site.where, site.uses],
		),
		"file": site.file,
		"pointer": data.dspt.lib.repository.pointer(site.at),
		"source": "repository",
	}
}

deny contains finding if {
	some site in references
	not site.uses in exempt
	startswith(lower(site.uses), "docker://")
	finding := {
		"msg": sprintf(
			"%s (%s) uses %s, which is not pinned by an @sha256: digest: the image tag can be moved to run other code",
			[site.file, site.where, site.uses],
		),
		"file": site.file,
		"pointer": data.dspt.lib.repository.pointer(site.at),
		"source": "repository",
	}
}

deny contains finding if {
	some site in data.dspt.lib.repository.missing_local
	finding := {
		"msg": sprintf(
			"%s (%s) uses %s but %s, so whether the actions it runs are pinned cannot be seen",
			[site.file, site.where, site.uses, site.expected],
		),
		"file": site.file,
		"pointer": data.dspt.lib.repository.pointer(site.at),
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
