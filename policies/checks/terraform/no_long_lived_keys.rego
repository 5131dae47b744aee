# METADATA
# title: No long-lived access keys are issued, and console users are proven to use MFA
# description: >-
#   The plan creates no long-lived credentials: AWS IAM access keys and service-specific
#   credentials, Google service account, HMAC and API keys, or Entra ID application and service
#   principal secrets (the configured resource types). Workloads should
#   use roles, workload identity or OIDC federation instead. An AWS IAM user with a console
#   password (aws_iam_user_login_profile) warns: whether it has MFA cannot be seen in a plan, and
#   must be proven with the identity-provider export.
# custom:
#   id: TF-IAM-002
#   severity: high
#   sources: [terraform]
#   family: identity-and-access
#   judges: long-lived credentials and console passwords (IAM access keys, service account and HMAC keys, API keys, application secrets, login profiles)
#   resource_types: [aws_iam_access_key, aws_iam_service_specific_credential, aws_iam_user_login_profile, azuread_application_password, azuread_service_principal_password, google_apikeys_key, google_service_account_key, google_storage_hmac_key]
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
	"aws_iam_service_specific_credential": "user_name",
	"google_apikeys_key": "project",
}

# [plan index, address] of every credential and console password judged.
judged contains [index, address] if {
	some index, plan in plans
	some type in credential_types | {"aws_iam_user_login_profile"}
	some address in plan.by_type[type]
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
