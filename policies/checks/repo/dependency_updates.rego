# METADATA
# title: Automated dependency updates are configured
# description: >-
#   The repository has a valid Dependabot configuration (version 2, every update entry with
#   a package ecosystem and a schedule) or a Renovate configuration, so vulnerable
#   dependencies are proposed for update without waiting for someone to notice.
# custom:
#   id: REPO-DEP-001
#   severity: medium
#   sources: [repository]
#   judges: repositories
package dspt.checks.repo.dependency_updates

import rego.v1

params := data.dspt.params.repository

files := input.repository.files

dependabot_present := {path | some path in params.dependabot_paths; files[path]}

renovate_present := {path | some path in params.renovate_paths; files[path]}

candidates := dependabot_present | renovate_present

# The check speaks for the repository as a whole.
judged contains "repository" if is_object(files)

# Candidates that could not be read or parsed.
unreadable := {path | some path in candidates; files[path].error}

# Renovate accepts any configuration it can parse; its content is not checked further.
valid_renovate := {path |
	some path in renovate_present
	count(files[path].documents) > 0
}

# Renovate files that were read but not parsed (for example an extensionless `.renovaterc`
# the reader did not recognise as JSON): their content is not in the evidence document.
unparsed_renovate := (renovate_present - valid_renovate) - unreadable

parsed_dependabot := {path | some path in dependabot_present; not files[path].error}

# [path, problem] for every way a parsed Dependabot file falls short.
dependabot_problem contains [path, "holds no YAML document", null] if {
	some path in parsed_dependabot
	count(object.get(files[path], "documents", [])) == 0
}

dependabot_problem contains [path, "is not a YAML mapping", null] if {
	some path in parsed_dependabot
	not is_object(files[path].documents[0])
	count(files[path].documents) > 0
}

dependabot_problem contains [path, problem, at] if {
	some path in parsed_dependabot
	config := files[path].documents[0]
	is_object(config)
	not config.version == 2
	at := present_key(config, "version")
	problem := sprintf("version is %v, expected 2", [object.get(config, "version", "missing")])
}

dependabot_problem contains [path, "has no updates entries", present_key(config, "updates")] if {
	some path in parsed_dependabot
	config := files[path].documents[0]
	is_object(config)
	not is_array(config.updates)
}

dependabot_problem contains [path, "has no updates entries", ["updates"]] if {
	some path in parsed_dependabot
	updates := files[path].documents[0].updates
	is_array(updates)
	count(updates) == 0
}

dependabot_problem contains [path, problem, ["updates", index]] if {
	some path in parsed_dependabot
	updates := files[path].documents[0].updates
	is_array(updates)
	some index, entry in updates
	not is_object(entry)
	problem := sprintf("updates entry %d is not a mapping", [index + 1])
}

dependabot_problem contains [path, problem, ["updates", index]] if {
	some path in parsed_dependabot
	updates := files[path].documents[0].updates
	is_array(updates)
	some index, entry in updates
	is_object(entry)
	not is_string(entry["package-ecosystem"])
	problem := sprintf("updates entry %d lacks package-ecosystem", [index + 1])
}

dependabot_problem contains [path, problem, at] if {
	some path in parsed_dependabot
	updates := files[path].documents[0].updates
	is_array(updates)
	some index, entry in updates
	is_object(entry)
	not is_string(entry.schedule.interval)
	at := schedule_at(entry, index)
	problem := sprintf(
		"updates entry %d (%v) lacks schedule.interval",
		[index + 1, object.get(entry, "package-ecosystem", "no package-ecosystem")],
	)
}

# The pointer parts of a key the configuration has, or null when it lacks it (the finding is
# about the file).
present_key(config, key) := [key] if {
	key in object.keys(config)
} else := null

schedule_at(entry, index) := ["updates", index, "schedule"] if {
	"schedule" in object.keys(entry)
} else := ["updates", index]

valid_dependabot := parsed_dependabot - {path | some [path, _, _] in dependabot_problem}

valid := valid_dependabot | valid_renovate

# An invalid Dependabot file fails the check only when nothing else could satisfy it.
invalid_is_failure if {
	count(valid) == 0
	count(unreadable | unparsed_renovate) == 0
}

deny contains finding if {
	is_object(files)
	count(candidates) == 0
	finding := {
		"msg": sprintf(
			"no automated dependency updates: none of %s exists",
			[concat(", ", array.concat(params.dependabot_paths, params.renovate_paths))],
		),
		"source": "repository",
	}
}

deny contains finding if {
	invalid_is_failure
	some [path, problem, at] in dependabot_problem
	finding := object.union(
		{
			"msg": sprintf("Dependabot configuration %s is invalid: %s", [path, problem]),
			"file": path,
			"source": "repository",
		},
		pointer_of(at),
	)
}

pointer_of(at) := {"pointer": data.dspt.lib.repository.pointer(at)} if is_array(at)

pointer_of(at) := {} if at == null

warn contains finding if {
	not invalid_is_failure
	some [path, problem, at] in dependabot_problem
	finding := object.union(
		{
			"msg": sprintf("Dependabot configuration %s is invalid and will not run: %s", [path, problem]),
			"file": path,
			"source": "repository",
		},
		pointer_of(at),
	)
}

error contains finding if {
	count(valid) == 0
	some path in unreadable
	problem := files[path].error
	location := {"line": line | line := problem.line; is_number(line); line >= 1}
	finding := object.union(
		{
			"msg": sprintf(
				"dependency update configuration %s could not be parsed, so whether it is valid is unknown: %s",
				[path, object.get(problem, "message", "no reason given")],
			),
			"file": path,
			"source": "repository",
		},
		location,
	)
}

error contains finding if {
	count(valid) == 0
	some path in unparsed_renovate
	finding := {
		"msg": sprintf(
			"Renovate configuration %s was not parsed (kind %v), so whether it is valid is unknown",
			[path, object.get(files[path], "kind", "unknown")],
		),
		"file": path,
		"source": "repository",
	}
}
