package dspt.checks.terraform.no_long_lived_keys_test

import rego.v1

import data.dspt.checks.terraform.no_long_lived_keys
import data.dspt.testing.terraform as tf

params := {"terraform": {"long_lived_credential_types": [
	"aws_iam_access_key", "google_service_account_key", "google_storage_hmac_key",
	"azuread_application_password", "azuread_service_principal_password",
]}}

# The plan of resources, read from plans/platform.json (the file the findings name).
plan(resources) := tf.plan_in("plans/platform.json", resources)

deny_of(resources) := result if {
	result := no_long_lived_keys.deny with input as tf.evidence([plan(resources)]) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := no_long_lived_keys.warn with input as tf.evidence([plan(resources)]) with data.dspt.params as params
}

test_roles_and_service_accounts_pass if {
	resources := [
		tf.resource("aws_iam_role.app", {"name": "records-api"}, {"arn": true}),
		tf.resource("aws_iam_user.ci", {"name": "ci"}, {"arn": true}),
		tf.resource("google_service_account.app", {"account_id": "records-api"}, {"email": true}),
		tf.resource("aws_iam_openid_connect_provider.github", {"url": "https://token.actions.githubusercontent.com"}, {}),
	]
	count(deny_of(resources)) == 0
	count(warn_of(resources)) == 0
}

test_access_key_is_denied if {
	key := tf.resource("aws_iam_access_key.ci", {"user": "ci-deploy", "pgp_key": null, "status": "Active"}, {"id": true, "secret": true})
	deny_of([key]) == {{
		"msg": "aws_iam_access_key.ci creates a long-lived credential (aws_iam_access_key) for ci-deploy; use a role, workload identity or OIDC federation instead",
		"resource": "aws_iam_access_key.ci",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_other_long_lived_credentials_are_denied if {
	resources := [
		tf.resource("google_service_account_key.app", {"key_algorithm": "KEY_ALG_RSA_2048"}, {"service_account_id": true, "private_key": true}),
		tf.resource("google_storage_hmac_key.legacy", {"service_account_email": "sync@records.iam.gserviceaccount.com"}, {}),
		tf.resource("azuread_application_password.client", {"display_name": "ci"}, {"application_id": true, "value": true}),
	]
	{finding.resource | some finding in deny_of(resources)} == {"google_service_account_key.app", "google_storage_hmac_key.legacy", "azuread_application_password.client"}
	some finding in deny_of(resources)
	finding.msg == "google_service_account_key.app creates a long-lived credential (google_service_account_key); use a role, workload identity or OIDC federation instead"
}

test_each_plan_and_module_instance_is_judged if {
	key := object.union(tf.resource("aws_iam_access_key.ci", {"user": "ci"}, {}), {"address": "module.users[\"ci\"].aws_iam_access_key.this[0]"})
	deny := no_long_lived_keys.deny with input as tf.evidence([plan([]), plan([key])]) with data.dspt.params as params
	{finding.resource | some finding in deny} == {"module.users[\"ci\"].aws_iam_access_key.this[0]"}
}

test_console_user_warns if {
	profile := tf.resource("aws_iam_user_login_profile.alice", {"user": "alice", "password_reset_required": true}, {"password": true})
	count(deny_of([profile])) == 0
	warn_of([profile]) == {{
		"msg": "aws_iam_user_login_profile.alice gives IAM user alice a console password; a plan cannot show MFA, so prove it with the identity-provider export (or use federated sign-in)",
		"resource": "aws_iam_user_login_profile.alice",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_credential_types_parameter_is_honoured if {
	override := {"terraform": {"long_lived_credential_types": ["google_service_account_key"]}}
	resources := [
		tf.resource("aws_iam_access_key.ci", {"user": "ci"}, {}),
		tf.resource("google_service_account_key.app", {}, {}),
	]
	deny := no_long_lived_keys.deny with input as tf.evidence([plan(resources)]) with data.dspt.params as override
	{finding.resource | some finding in deny} == {"google_service_account_key.app"}
}

more_types := {"terraform": {"long_lived_credential_types": array.concat(params.terraform.long_lived_credential_types, ["aws_iam_service_specific_credential", "google_apikeys_key"])}}

test_service_specific_credentials_and_api_keys_are_denied if {
	input_doc := tf.evidence([plan([
		tf.resource("aws_iam_service_specific_credential.git", {"service_name": "codecommit.amazonaws.com", "user_name": "ci"}, {}),
		tf.resource("google_apikeys_key.maps", {"name": "maps", "project": "acme-web"}, {}),
	])])
	deny := no_long_lived_keys.deny with input as input_doc with data.dspt.params as more_types
	{f.resource | some f in deny} == {"aws_iam_service_specific_credential.git", "google_apikeys_key.maps"}
	some finding in deny
	finding.msg == "aws_iam_service_specific_credential.git creates a long-lived credential (aws_iam_service_specific_credential) for ci; use a role, workload identity or OIDC federation instead"
}

test_judged_counts_credentials_and_console_passwords if {
	input_doc := tf.evidence([plan([
		tf.resource("aws_iam_access_key.ci", {"user": "ci"}, {}),
		tf.resource("azuread_application_password.app", {"application_id": "/applications/1"}, {}),
		tf.resource("azuread_service_principal_password.sp", {"service_principal_id": "1"}, {}),
		tf.resource("google_service_account_key.sa", {"service_account_id": "sa"}, {}),
		tf.resource("google_storage_hmac_key.hmac", {"service_account_email": "sa@p.iam.gserviceaccount.com"}, {}),
		tf.resource("aws_iam_user_login_profile.alice", {"user": "alice"}, {}),
		tf.resource("aws_iam_role.app", {"name": "app"}, {}),
	])])
	judged := no_long_lived_keys.judged with input as input_doc with data.dspt.params as params
	count(judged) == 6
	not [0, "aws_iam_role.app"] in judged
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_iam_access_key", {"user": "ci"}, {}, "deny"],
	["aws_iam_user_login_profile", {"user": "alice"}, {}, "warn"],
	["azuread_application_password", {"application_id": "/applications/1"}, {}, "deny"],
	["azuread_service_principal_password", {"service_principal_id": "1"}, {}, "deny"],
	["google_service_account_key", {"service_account_id": "sa"}, {}, "deny"],
	["google_storage_hmac_key", {"service_account_email": "sa@p.iam.gserviceaccount.com"}, {}, "deny"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence([plan(resources)])
	deny := no_long_lived_keys.deny with input as input_doc with data.dspt.params as params
	warn := no_long_lived_keys.warn with input as input_doc with data.dspt.params as params
	judged := no_long_lived_keys.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
