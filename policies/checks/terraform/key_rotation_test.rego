package dspt.checks.terraform.key_rotation_test

import rego.v1

import data.dspt.checks.terraform.key_rotation
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
	"key_rotation_max_days": 365,
}}

aws_key(address, rotation) := tf.resource(
	address,
	{"customer_master_key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT", "enable_key_rotation": rotation, "deletion_window_in_days": 30},
	{"arn": true, "id": true, "key_id": true, "rotation_period_in_days": true},
)

google_key(address, period) := tf.resource(address, {"name": "records", "purpose": "ENCRYPT_DECRYPT", "rotation_period": period}, {"id": true})

azure_key(address, rotation_policy) := tf.resource(
	address,
	{"name": "records", "key_type": "RSA", "key_size": 3072, "rotation_policy": rotation_policy},
	{"id": true},
)

automatic_policy := [{"automatic": [{"time_before_expiry": "P30D"}], "expire_after": "P90D", "notify_before_expiry": "P29D"}]

compliant_resources := [
	aws_key("aws_kms_key.records", true),
	tf.resource("aws_kms_key.signing", {"customer_master_key_spec": "ECC_NIST_P256", "key_usage": "SIGN_VERIFY", "enable_key_rotation": false}, {}),
	tf.resource("aws_kms_key.hsm", {"custom_key_store_id": "cks-1234567890abcdef0", "enable_key_rotation": false}, {}),
	tf.resource("aws_kms_key.yearly", {"enable_key_rotation": true, "rotation_period_in_days": 365}, {}),
	google_key("google_kms_crypto_key.records", "7776000s"),
	tf.resource("google_kms_crypto_key.signing", {"name": "signing", "purpose": "ASYMMETRIC_SIGN"}, {}),
	azure_key("azurerm_key_vault_key.records", automatic_policy),
]

test_rotated_keys_pass if {
	input_doc := tf.evidence_of(compliant_resources)
	count(key_rotation.deny) == 0 with input as input_doc with data.dspt.params as params
	count(key_rotation.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_aws_key_without_rotation_is_denied if {
	input_doc := tf.evidence_of([aws_key("aws_kms_key.portal", false)])
	deny := key_rotation.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_kms_key.portal is not rotated automatically (enable_key_rotation is not true)",
		"resource": "aws_kms_key.portal",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_aws_key_rotation_defaults_to_off if {
	bare := tf.resource("aws_kms_key.portal", {"description": "portal"}, {"arn": true})
	deny := key_rotation.deny with input as tf.evidence_of([bare]) with data.dspt.params as params
	{finding.resource | some finding in deny} == {"aws_kms_key.portal"}
}

test_aws_rotation_period_longer_than_allowed_is_denied if {
	slow := tf.resource("aws_kms_key.records", {"enable_key_rotation": true, "rotation_period_in_days": 730}, {})
	deny := key_rotation.deny with input as tf.evidence_of([slow]) with data.dspt.params as params
	deny == {{
		"msg": "aws_kms_key.records is rotated every 730 days (rotation_period_in_days), longer than the allowed 365 days",
		"resource": "aws_kms_key.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_google_key_without_or_with_a_long_rotation_is_denied if {
	input_doc := tf.evidence_of([
		google_key("google_kms_crypto_key.none", null),
		google_key("google_kms_crypto_key.slow", "63072000s"),
		google_key("google_kms_crypto_key.odd", "31622400.5s"),
	])
	deny := key_rotation.deny with input as input_doc with data.dspt.params as params
	deny == {
		{
			"msg": "google_kms_crypto_key.none is not rotated automatically (rotation_period is not set)",
			"resource": "google_kms_crypto_key.none",
			"file": "plan.json",
			"source": "terraform",
		},
		{
			"msg": "google_kms_crypto_key.slow is rotated every 730 days (rotation_period 63072000s), longer than the allowed 365 days",
			"resource": "google_kms_crypto_key.slow",
			"file": "plan.json",
			"source": "terraform",
		},
		{
			"msg": "google_kms_crypto_key.odd is rotated every 366.0 days (rotation_period 31622400.5s), longer than the allowed 365 days",
			"resource": "google_kms_crypto_key.odd",
			"file": "plan.json",
			"source": "terraform",
		},
	}
}

test_azure_key_without_automatic_rotation_is_denied if {
	input_doc := tf.evidence_of([
		azure_key("azurerm_key_vault_key.none", []),
		azure_key("azurerm_key_vault_key.expiry_only", [{"automatic": [], "expire_after": "P90D"}]),
	])
	deny := key_rotation.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"azurerm_key_vault_key.none", "azurerm_key_vault_key.expiry_only"}
	some finding in deny
	finding.msg == "azurerm_key_vault_key.none is not rotated automatically (no rotation_policy with an automatic time_after_creation or time_before_expiry)"
}

test_unknown_rotation_warns if {
	input_doc := tf.evidence_of([
		tf.resource("aws_kms_key.records", {}, {"enable_key_rotation": true}),
		tf.resource("google_kms_crypto_key.records", {"name": "records"}, {"rotation_period": true}),
		tf.resource("azurerm_key_vault_key.records", {"name": "records"}, {"rotation_policy": true}),
	])
	count(key_rotation.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := key_rotation.warn with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in warn} == {"aws_kms_key.records", "google_kms_crypto_key.records", "azurerm_key_vault_key.records"}
	some finding in warn
	finding == {
		"msg": "whether aws_kms_key.records is rotated automatically is known only after apply (enable_key_rotation is unknown in the plan)",
		"resource": "aws_kms_key.records",
		"file": "plan.json",
		"source": "terraform",
	}
}

test_unreadable_google_rotation_period_warns if {
	input_doc := tf.evidence_of([google_key("google_kms_crypto_key.records", "90d")])
	count(key_rotation.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := key_rotation.warn with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in warn} == {"google_kms_crypto_key.records"}
}

test_key_rotation_max_days_parameter_is_honoured if {
	override := {"terraform": object.union(params.terraform, {"key_rotation_max_days": 90})}
	input_doc := tf.evidence_of([
		google_key("google_kms_crypto_key.quarterly", "7776000s"),
		google_key("google_kms_crypto_key.yearly", "31536000s"),
		tf.resource("aws_kms_key.yearly", {"enable_key_rotation": true, "rotation_period_in_days": 365}, {}),
	])
	deny := key_rotation.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"google_kms_crypto_key.yearly", "aws_kms_key.yearly"}
}

test_rotation_unknown_in_the_plan_but_unset_in_the_configuration_is_off if {
	aws := tf.configured(tf.resource("aws_kms_key.records", {"customer_master_key_spec": "SYMMETRIC_DEFAULT"}, {"enable_key_rotation": true}), {"description": {"constant": "records"}})
	google := tf.configured(tf.resource("google_kms_crypto_key.records", {"name": "records", "purpose": "ENCRYPT_DECRYPT"}, {"rotation_period": true}), {"name": {"constant": "records"}})
	azure := tf.configured(tf.resource("azurerm_key_vault_key.records", {"name": "records", "key_type": "RSA"}, {"rotation_policy": true}), {"name": {"constant": "records"}})
	input_doc := tf.evidence_of([aws, google, azure])
	deny := key_rotation.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"aws_kms_key.records", "google_kms_crypto_key.records", "azurerm_key_vault_key.records"}
	count(key_rotation.warn) == 0 with input as input_doc with data.dspt.params as params
	# Set from a variable, the same values are known only after apply.
	from_variable := {"references": ["var.rotate"], "resources": [], "data": []}
	later := tf.evidence_of([
		tf.configured(aws, {"enable_key_rotation": from_variable}),
		tf.configured(google, {"rotation_period": from_variable}),
		tf.configured(azure, {"rotation_policy": from_variable}),
	])
	count(key_rotation.deny) == 0 with input as later with data.dspt.params as params
	count(key_rotation.warn) == 3 with input as later with data.dspt.params as params
}

test_every_rotatable_key_is_judged_once if {
	judged := key_rotation.judged with input as tf.evidence_of(compliant_resources) with data.dspt.params as params
	judged == {
		[0, "aws_kms_key.records"], [0, "aws_kms_key.yearly"],
		[0, "google_kms_crypto_key.records"], [0, "azurerm_key_vault_key.records"],
	}
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_kms_key", {"enable_key_rotation": true}, {}, "pass"],
	["azurerm_key_vault_key", {"name": "declared", "key_type": "RSA", "rotation_policy": []}, {}, "deny"],
	["google_kms_crypto_key", {"name": "declared", "purpose": "ENCRYPT_DECRYPT"}, {"rotation_period": true}, "warn"],
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence_of(resources)
	deny := key_rotation.deny with input as input_doc with data.dspt.params as params
	warn := key_rotation.warn with input as input_doc with data.dspt.params as params
	judged := key_rotation.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
