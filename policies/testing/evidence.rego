# Test support: builders of evidence documents (docs/evidence-document.md) for the Rego unit
# tests. A package equal to `dspt.testing` or below it is loaded by `dspt test` only, never by
# `dspt check`, so no check may import it. The sections have their own packages:
# `dspt.testing.terraform`, `dspt.testing.hr`, `dspt.testing.identity`,
# `dspt.testing.repository`, and for the registers, scans and documents `dspt.testing.assets`,
# `dspt.testing.suppliers`, `dspt.testing.incidents`, `dspt.testing.devices`,
# `dspt.testing.scans` and `dspt.testing.documents`.
package dspt.testing

import rego.v1

# The `assessment` block the tests assess on: an IT supplier answering the standards-based
# toolkit on 2026-06-30.
assessment := {
	"as_of": "2026-06-30",
	"framework": "dspt-supplier",
	"organisation": {"name": "Acme Health Ltd", "type": "it-supplier"},
}

# An evidence document of the given sections (`{"terraform": ..., "identity": ...}`) with the
# standard assessment block; a section may replace parts of `assessment` too.
evidence(sections) := object.union({"assessment": assessment}, sections)
