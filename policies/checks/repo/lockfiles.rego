# METADATA
# title: Every dependency manifest has a lockfile
# description: >-
#   Each dependency manifest (package.json, pyproject.toml, Cargo.toml, go.mod, Gemfile,
#   composer.json, ...) has one of its lockfiles beside it or in a folder above it (a workspace
#   root), so the exact versions of the software the product is built from are recorded: the
#   software half of the information asset inventory. A manifest that declares no dependencies
#   needs none; vendored copies are not the repository's own manifests, and example manifests in
#   documentation folders (docs/, examples/) are not the product's.
# custom:
#   id: REPO-LCK-001
#   severity: low
#   sources: [repository]
#   judges: dependency manifests
package dspt.checks.repo.lockfiles

import rego.v1

params := data.dspt.params.repository

files := input.repository.files

# A pattern matches a path as written, or with a leading `/`, so `**/vendor/**` also matches
# `vendor/...` at the root under interpreters whose `**` needs at least the separator.
matches(pattern, path) if glob.match(pattern, ["/"], path)

matches(pattern, path) if glob.match(pattern, ["/"], concat("", ["/", path]))

# Manifest path -> its folders, from the folder it is in up to the root ([] at the root).
manifests := {path: parts |
	some path, _ in files
	parts := split(path, "/")
	params.lockfiles[parts[count(parts) - 1]]
	not ignored(path)
	not example(path)
}

# Every manifest the check holds to the lockfile rule.
judged contains path if {
	some path, _ in manifests
}

# A manifest in a documentation or example folder: the folder at the root, or a folder of that
# name at any depth (`docs/`, `packages/api/examples/`).
example(path) if {
	some folder in params.lockfile_example_folders
	startswith(path, folder)
}

example(path) if {
	some folder in params.lockfile_example_folders
	contains(path, concat("", ["/", folder]))
}

ignored(path) if {
	some pattern in params.lockfile_ignored_paths
	matches(pattern, path)
}

name_of(parts) := parts[count(parts) - 1]

# Manifests with an accepted lockfile in their folder or a folder above it.
locked := {path |
	some path, parts in manifests
	some lockfile in params.lockfiles[name_of(parts)]
	some depth in numbers.range(0, count(parts) - 1)
	candidate := concat("/", array.concat(array.slice(parts, 0, depth), [lockfile]))
	files[candidate]
}

# Manifests whose dependency declarations the check reads (see lockfile_dependency_keys).
inspected := {path | some path, parts in manifests; params.lockfile_dependency_keys[name_of(parts)]}

non_empty(value) if {
	is_object(value)
	count(value) > 0
}

non_empty(value) if {
	is_array(value)
	count(value) > 0
}

parsed := {path: document |
	some path in inspected
	not files[path].error
	document := files[path].documents[0]
	is_object(document)
}

declaring := {path |
	some path, document in parsed
	some keys in params.lockfile_dependency_keys[name_of(manifests[path])]
	non_empty(object.get(document, keys, null))
}

# Parsed manifests that declare no dependency need no lockfile.
without_dependencies := {path | some path, _ in parsed} - declaring

# Inspected manifests that could not be parsed: whether they declare dependencies is unknown.
unreadable := {path | some path in inspected; files[path].error}

unlocked := ((({path | some path, _ in manifests} - locked) - without_dependencies) - unreadable)

deny contains finding if {
	some path in unlocked
	name := name_of(manifests[path])
	finding := {
		"msg": sprintf(
			"%s has no lockfile beside it or above it (expected one of %s), so the versions of its dependencies are not recorded",
			[path, concat(", ", params.lockfiles[name])],
		),
		"file": path,
		"source": "repository",
	}
}

error contains finding if {
	some path in unreadable
	not path in locked
	problem := files[path].error
	location := {"line": line | line := problem.line; is_number(line); line >= 1}
	finding := object.union(
		{
			"msg": sprintf(
				"%s could not be parsed and has no lockfile, so whether it declares dependencies that need one is unknown: %s",
				[path, object.get(problem, "message", "no reason given")],
			),
			"file": path,
			"source": "repository",
		},
		location,
	)
}
