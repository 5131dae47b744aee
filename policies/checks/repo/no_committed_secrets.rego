# METADATA
# title: No secrets or infrastructure state are committed
# description: >-
#   The repository tracks no file that is a secret or Terraform state by its name (.env files,
#   *.tfstate, private keys and certificate stores such as *.pem, *.p12, *.pfx, *.key, id_rsa),
#   other than conventional templates such as .env.example, and the engine's pattern scan found
#   no credential (private key, AWS access key id, GitHub, Slack, Google or Azure storage key)
#   in any tracked file. Findings name the file and line, never the secret.
# custom:
#   id: REPO-SCR-001
#   severity: critical
#   sources: [repository]
#   judges: tracked files
package dspt.checks.repo.no_committed_secrets

import rego.v1

params := data.dspt.params.repository

files := input.repository.files

# A pattern matches a path as written, or with a leading `/`, so `**/.env` also matches `.env`
# at the root under interpreters whose `**` needs at least the separator.
matches(pattern, path) if glob.match(pattern, ["/"], path)

matches(pattern, path) if glob.match(pattern, ["/"], concat("", ["/", path]))

# Every tracked file is judged by its name, and by the engine's pattern scan of its content.
judged contains path if {
	some path, _ in input.repository.files
}

judged contains secret.file if {
	some secret in input.repository.secrets
}

# All the patterns as one glob (`{a,b,…}`), so each path is matched once, not once per pattern:
# a repository of 10,000 files took seconds. Each pattern is in it twice, as written and after a
# `/`, and matched against the path after a `/`: the two forms `matches` tries, in one match
# (regorus's glob.match costs ~50 µs a call). Only the paths it matches are matched pattern by
# pattern, to name the patterns in the finding.
any_secret_pattern := concat("", ["{", concat(",", [form | some pattern in params.secret_path_patterns; some form in [pattern, concat("", ["/", pattern])]]), "}"])

candidates contains path if {
	count(params.secret_path_patterns) > 0
	pattern := any_secret_pattern
	some path in screened
	glob.match(pattern, ["/"], concat("", ["/", lower(path)]))
}

# The paths glob.match is asked about: those a looser regular expression finds in one scan of
# every path, a line each. It keeps the literal parts of each pattern, in order, with anything
# between and around them, and ignores case: it matches every path the glob does, and more, so
# the glob has the last word. Where a path holds a line break the lines are not the paths, and
# every path is asked (git allows the break; the screen must never hide a file).
screened := {line | some line in regex.find_n(loose_pattern, listing, -1)} if {
	paths := [path | some path, _ in input.repository.files]
	listing := concat("\n", paths)
	count(split(listing, "\n")) == count(paths)
} else := {path | some path, _ in input.repository.files}

# Every pattern as its literal parts (regex-escaped, each `/` optional, as `**/` may match
# nothing) joined by `.*`, one alternation, anchored to whole lines: `**/*.tfstate` ->
# `.*/?.*\.tfstate`.
loose_pattern := concat("", ["(?mi)^.*(?:", concat("|", [loose(pattern) | some pattern in params.secret_path_patterns]), ")$"])

loose(pattern) := concat(".*", [replace(regex.replace(part, `[\\.+()|^$\[\]{}]`, `\$0`), "/", "/?") |
	some part in regex.split(`[*?]+|\[[^\]]*\]|\{[^}]*\}`, pattern)
])

matched := {path: patterns |
	some path in candidates
	lower_path := lower(path)
	patterns := {pattern | some pattern in params.secret_path_patterns; matches(pattern, lower_path)}
	count(patterns) > 0
}

allowed := {path |
	some path, _ in matched
	some pattern in params.secret_path_allowed
	matches(pattern, lower(path))
}

deny contains finding if {
	some path, patterns in matched
	not path in allowed
	finding := {
		"msg": sprintf(
			"%s is committed, and files matching %s hold secrets or infrastructure state: remove it from the repository and its history, and rotate what it held",
			[path, concat(", ", sort(patterns))],
		),
		"file": path,
		"source": "repository",
	}
}

deny contains finding if {
	some secret in input.repository.secrets
	location := {"line": line | line := secret.line; is_number(line); line >= 1}
	finding := object.union(
		{
			"msg": sprintf(
				"a credential (%s) is committed in %s%s: revoke it, then remove it from the repository and its history",
				[secret.kind, secret.file, line_text(secret)],
			),
			"file": secret.file,
			"source": "repository",
		},
		location,
	)
}

line_text(secret) := sprintf(" line %d", [secret.line]) if {
	is_number(secret.line)
	secret.line >= 1
} else := ""
