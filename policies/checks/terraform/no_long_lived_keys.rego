# METADATA
# title: No long-lived access keys are issued, and console users are proven to use MFA
# description: >-
#   The plan creates no long-lived credentials: AWS IAM access keys, Google service account and
#   HMAC keys, or Entra ID application secrets (the configured resource types). Workloads should
#   use roles, workload identity or OIDC federation instead. An AWS IAM user with a console
#   password (aws_iam_user_login_profile) warns: whether it has MFA cannot be seen in a plan, and
#   must be proven with the identity-provider export.
# custom:
#   id: TF-IAM-002
#   severity: high
#   sources: [terraform]
package dspt.checks.terraform.no_long_lived_keys

import rego.v1

plans := input.terraform.plans

credential_types := {type | some type in data.dspt.params.terraform.long_lived_credential_types}

# Whom each credential type belongs to, for the message.
owner_attribute := {
	"aws_iam_access_key": "user",
	"google_service_account_key": "service_account_id",
	"google_storage_hmac_key": "service_account_email",
	"azuread_application_password": "application_id",
	"azuread_service_principal_password": "service_principal_id",
}

owner_text(resource) := sprintf(" for %s", [owner]) if {
	owner := resource.values[owner_attribute[resource.type]]
	is_string(owner)
	owner != ""
} else := ""

deny contains finding if {
	some index, plan in plans
	some type in credential_types
	some address in plan.by_type[type]
	resource := plan.resources[address]
	finding := {
		"msg": sprintf("%s creates a long-lived credential (%s)%s; use a role, workload identity or OIDC federation instead", [address, type, owner_text(resource)]),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

warn contains finding if {
	some index, plan in plans
	some address in plan.by_type.aws_iam_user_login_profile
	user := object.get(plan.resources[address].values, "user", null)
	finding := {
		"msg": sprintf(
			"%s gives IAM user %v a console password; a plan cannot show MFA, so prove it with the identity-provider export (or use federated sign-in)",
			[address, user],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}
