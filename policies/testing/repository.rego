# Test support: the `repository` section of the evidence document (docs/evidence-document.md,
# `repository.files` and `repository.secrets`), as the engine writes it from a checkout. Loaded by
# `dspt test` only.
package dspt.testing.repository

import rego.v1

import data.dspt.testing

# An evidence document of a git checkout `acme` on branch main holding `files` (path -> entry,
# see the file builders below), with no credential scan (`secrets` absent).
evidence(files) := testing.evidence({"repository": {
	"root": "acme",
	"git": {"is_repo": true, "head": "0123abc", "branch": "main"},
	"files": files,
}})

# The same with the credentials found by pattern: [{file, line, kind}].
evidence_with_secrets(files, secrets) := object.union(evidence(files), {"repository": {"secrets": secrets}})

# A YAML file holding one parsed document.
yaml_file(document) := {"kind": "yaml", "documents": [document]}

# A JSON file holding its parsed document.
json_file(document) := {"kind": "json", "documents": [document]}

# A TOML file holding its parsed document.
toml_file(document) := {"kind": "toml", "documents": [document]}

# A text file whose content is kept (CODEOWNERS, SECURITY.md, scripts, ...).
text_file(text) := {"kind": "text", "text": text}
