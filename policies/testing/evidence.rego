# Test support: builders of evidence documents (docs/evidence-document.md) for the Rego unit
# tests. A package equal to `dspt.testing` or below it is loaded by `dspt test` only, never by
# `dspt check`, so no check may import it. The sections have their own packages:
# `dspt.testing.terraform`, `dspt.testing.hr`, `dspt.testing.identity` and
# `dspt.testing.repository`.
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
