# METADATA
# title: Every file in the repository has a code owner
# description: >-
#   A CODEOWNERS file (root, .github/, docs/ or .gitlab/) has a catch-all rule (`*`, `/`, `/**`,
#   ...) naming at least one owner, so every change is routed to someone accountable for review.
#   A rule that names no owner leaves the files it matches without one and is warned about.
# custom:
#   id: REPO-OWN-001
#   severity: medium
#   sources: [repository]
#   judges: repositories
package dspt.checks.repo.codeowners

import rego.v1

params := data.dspt.params.repository

files := input.repository.files

present := {path | some path in params.codeowners_paths; files[path]}

# The check speaks for the repository as a whole.
judged contains "repository" if is_object(files)

readable := {path | some path in present; is_string(files[path].text)}

# Candidates whose content the evidence document does not hold (a read error, or no text kept).
unreadable := present - readable

# GitLab section headers: `[Section]`, `^[Optional section]`, `[Section][2] @default-owner`.
section_pattern := `^\^?\[`

# One entry per rule line: its pattern and the owners named before any trailing comment.
rules contains {"file": path, "line": index + 1, "pattern": tokens[0], "owners": owners} if {
	some path in readable
	some index, raw in split(files[path].text, "\n")
	line := trim_space(raw)
	line != ""
	not startswith(line, "#")
	not regex.match(section_pattern, line)
	tokens := regex.split(`\s+`, line)
	comment_starts := {position | some position, token in tokens; startswith(token, "#")}
	end := min(comment_starts | {count(tokens)})
	owners := array.slice(tokens, 1, end)
}

catch_all_patterns := {pattern | some pattern in params.codeowners_catch_all_patterns}

covering := {rule.file | some rule in rules; rule.pattern in catch_all_patterns; count(rule.owners) > 0}

deny contains finding if {
	is_object(files)
	count(present) == 0
	finding := {
		"msg": sprintf(
			"no CODEOWNERS file: none of %s exists, so changes are not routed to an accountable reviewer",
			[concat(", ", params.codeowners_paths)],
		),
		"source": "repository",
	}
}

deny contains finding if {
	count(covering) == 0
	count(unreadable) == 0
	some path in readable
	finding := {
		"msg": sprintf(
			"%s has no catch-all rule (one of %s) naming an owner, so files no other rule matches have no code owner",
			[path, concat(" ", params.codeowners_catch_all_patterns)],
		),
		"file": path,
		"source": "repository",
	}
}

warn contains finding if {
	some rule in rules
	count(rule.owners) == 0
	finding := {
		"msg": sprintf("%s line %d: the rule for %s names no owner, so the files it matches have no code owner", [rule.file, rule.line, rule.pattern]),
		"file": rule.file,
		"line": rule.line,
		"source": "repository",
	}
}

error contains finding if {
	count(covering) == 0
	some path in unreadable
	problem := files[path].error
	location := {"line": line | line := problem.line; is_number(line); line >= 1}
	finding := object.union(
		{
			"msg": sprintf(
				"%s could not be read, so whether it gives every file a code owner is unknown: %s",
				[path, object.get(problem, "message", "no reason given")],
			),
			"file": path,
			"source": "repository",
		},
		location,
	)
}

error contains finding if {
	count(covering) == 0
	some path in unreadable
	not files[path].error
	finding := {
		"msg": sprintf(
			"the evidence document holds no text for %s (kind %v), so whether it gives every file a code owner is unknown",
			[path, object.get(files[path], "kind", "unknown")],
		),
		"file": path,
		"source": "repository",
	}
}
