# METADATA
# title: Where a record of an export is, for findings
# description: >-
#   The place of a row of an HR, identity, register or other tabular export in a finding: its
#   file, and its line (CSV) or JSON pointer (JSON, YAML), leaving out what the record lacks.
package dspt.lib.records

import rego.v1

# {file, line} or {file, pointer} of a record, without the keys that are null.
location(record) := {key: value |
	some key in ["file", "line", "pointer"]
	value := record[key]
	value != null
}
