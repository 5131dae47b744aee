package dspt.checks.repo.lockfiles_test

import rego.v1

import data.dspt.checks.repo.lockfiles
import data.dspt.testing.repository

# The parameters the check reads, as shipped in policies/params/repository-ci.yaml.
params := {"repository": {
	"lockfiles": {
		"package.json": ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb"],
		"pyproject.toml": ["poetry.lock", "uv.lock", "pdm.lock", "requirements.txt"],
		"Pipfile": ["Pipfile.lock"],
		"Cargo.toml": ["Cargo.lock"],
		"go.mod": ["go.sum"],
		"Gemfile": ["Gemfile.lock"],
		"composer.json": ["composer.lock"],
	},
	"lockfile_dependency_keys": {
		"package.json": [["dependencies"], ["devDependencies"], ["optionalDependencies"], ["peerDependencies"]],
		"pyproject.toml": [["project", "dependencies"], ["project", "optional-dependencies"], ["dependency-groups"], ["tool", "poetry", "dependencies"], ["tool", "poetry", "group"]],
		"Cargo.toml": [["dependencies"], ["dev-dependencies"], ["build-dependencies"], ["workspace", "dependencies"], ["target"]],
		"composer.json": [["require"], ["require-dev"]],
	},
	"lockfile_ignored_paths": ["**/node_modules/**", "**/vendor/**"],
	"lockfile_example_folders": ["docs/", "examples/"],
}}

other := {"kind": "other"}

node_app := repository.json_file({"name": "portal", "dependencies": {"express": "4.21.2"}})

python_app := repository.toml_file({"project": {"name": "records-api", "dependencies": ["fastapi>=0.115"]}})

test_every_manifest_locked_passes if {
	files := {
		"package.json": node_app, "package-lock.json": repository.json_file({"lockfileVersion": 3}),
		"services/api/pyproject.toml": python_app, "services/api/uv.lock": other,
		"tools/go.mod": other, "tools/go.sum": other,
		"Gemfile": other, "Gemfile.lock": other,
	}
	count(lockfiles.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(lockfiles.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_pyproject_with_requirements_passes if {
	files := {"pyproject.toml": python_app, "requirements.txt": other}
	count(lockfiles.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_workspace_member_locked_at_the_root_passes if {
	files := {
		"Cargo.toml": repository.toml_file({"workspace": {"members": ["crates/*"]}}),
		"Cargo.lock": other,
		"crates/core/Cargo.toml": repository.toml_file({"package": {"name": "core"}, "dependencies": {"serde": "1"}}),
		"packages/web/package.json": node_app,
		"pnpm-lock.yaml": {"kind": "yaml", "documents": [{}]},
	}
	count(lockfiles.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_manifest_without_lockfile_is_denied if {
	files := {"package.json": node_app, "src/server.js": other}
	deny := lockfiles.deny with input as repository.evidence(files) with data.dspt.params as params
	deny == {{
		"msg": "package.json has no lockfile beside it or above it (expected one of package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, bun.lock, bun.lockb), so the versions of its dependencies are not recorded",
		"file": "package.json",
		"source": "repository",
	}}
}

test_lockfile_in_a_sibling_folder_does_not_count if {
	files := {"web/package.json": node_app, "api/package-lock.json": other, "api/go.mod": other}
	deny := lockfiles.deny with input as repository.evidence(files) with data.dspt.params as params
	{finding.file | some finding in deny} == {"web/package.json", "api/go.mod"}
}

test_another_ecosystems_lockfile_does_not_count if {
	files := {"pyproject.toml": repository.toml_file({"tool": {"poetry": {"dependencies": {"python": "^3.12", "django": "^5.1"}}}}), "package-lock.json": other}
	deny := lockfiles.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.file == "pyproject.toml"
}

test_manifest_declaring_no_dependencies_passes if {
	files := {
		"pyproject.toml": repository.toml_file({"tool": {"ruff": {"line-length": 100}}}),
		"docs/package.json": repository.json_file({"name": "docs", "scripts": {"build": "make html"}}),
		"composer.json": repository.json_file({"name": "acme/site", "require": {}}),
	}
	count(lockfiles.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_unparsed_manifest_kinds_always_need_a_lockfile if {
	files := {"go.mod": other, "Pipfile": other}
	deny := lockfiles.deny with input as repository.evidence(files) with data.dspt.params as params
	{finding.file | some finding in deny} == {"go.mod", "Pipfile"}
}

test_vendored_manifests_are_ignored if {
	files := {"vendor/github.com/x/y/go.mod": other, "web/node_modules/left-pad/package.json": node_app}
	count(lockfiles.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_unparsable_manifest_without_lockfile_is_an_error if {
	files := {"package.json": {"kind": "json", "error": {"message": "trailing comma", "line": 8, "column": 3}}}
	count(lockfiles.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	errors := lockfiles.error with input as repository.evidence(files) with data.dspt.params as params
	errors == {{
		"msg": "package.json could not be parsed and has no lockfile, so whether it declares dependencies that need one is unknown: trailing comma",
		"file": "package.json",
		"line": 8,
		"source": "repository",
	}}
}

test_unparsable_manifest_with_lockfile_passes if {
	files := {"package.json": {"kind": "json", "error": {"message": "trailing comma", "line": 8}}, "yarn.lock": other}
	count(lockfiles.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(lockfiles.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_lockfiles_parameter_is_honoured if {
	files := {"build.gradle.kts": other, "package.json": node_app, "npm-lock.txt": other}
	override := {"repository": object.union(params.repository, {"lockfiles": {"build.gradle.kts": ["gradle.lockfile"], "package.json": ["npm-lock.txt"]}})}
	deny := lockfiles.deny with input as repository.evidence(files) with data.dspt.params as override
	{finding.file | some finding in deny} == {"build.gradle.kts"}
}

test_ignored_paths_parameter_is_honoured if {
	files := {"samples/demo/package.json": node_app}
	count(lockfiles.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
	override := {"repository": object.union(params.repository, {"lockfile_ignored_paths": ["samples/**"]})}
	count(lockfiles.deny) == 0 with input as repository.evidence(files) with data.dspt.params as override
}

test_example_manifests_in_documentation_folders_are_not_held_to_the_rule if {
	files := {
		"Cargo.toml": repository.toml_file({"package": {"name": "records"}, "dependencies": {"serde": "1"}}), "Cargo.lock": other,
		"docs/tutorial/package.json": node_app,
		"examples/python/pyproject.toml": python_app,
		"packages/sdk/examples/basic/package.json": node_app,
	}
	count(lockfiles.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(lockfiles.judged) == 1 with input as repository.evidence(files) with data.dspt.params as params

	# Without the parameter the same manifests fail.
	none := {"repository": object.union(params.repository, {"lockfile_example_folders": []})}
	deny := lockfiles.deny with input as repository.evidence(files) with data.dspt.params as none
	{finding.file | some finding in deny} == {"docs/tutorial/package.json", "examples/python/pyproject.toml", "packages/sdk/examples/basic/package.json"}
}

test_a_folder_merely_starting_with_docs_is_held_to_the_rule if {
	files := {"docsite/package.json": node_app, "my-examples/package.json": node_app}
	deny := lockfiles.deny with input as repository.evidence(files) with data.dspt.params as params
	count(deny) == 2
}

test_judged_counts_manifests if {
	files := {
		"package.json": node_app, "package-lock.json": other,
		"services/api/pyproject.toml": python_app,
		"node_modules/left-pad/package.json": node_app,
		"README.md": other,
	}
	count(lockfiles.judged) == 2 with input as repository.evidence(files) with data.dspt.params as params
	count(lockfiles.judged) == 0 with input as repository.evidence({"README.md": other}) with data.dspt.params as params
	count(lockfiles.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}
