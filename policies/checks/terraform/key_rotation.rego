# METADATA
# title: Encryption keys are rotated automatically
# description: >-
#   Symmetric AWS KMS keys have automatic rotation on (enable_key_rotation, off by default) with a
#   rotation period no longer than key_rotation_max_days when one is set; Google Cloud KMS
#   encryption keys have a rotation_period no longer than key_rotation_max_days; Azure Key Vault
#   keys have a rotation_policy that rotates them automatically. Asymmetric, HMAC and
#   custom-key-store keys, which the services cannot rotate automatically, are not judged.
#   A value unknown in the plan but left out of the configuration takes the provider default (no
#   rotation); one known only after apply for another reason warns.
# custom:
#   id: TF-KMS-001
#   severity: medium
#   sources: [terraform]
#   judges: encryption keys (AWS KMS keys, Azure Key Vault keys, Cloud KMS crypto keys)
#   family: key-rotation
#   resource_types: [aws_kms_key, azurerm_key_vault_key, google_kms_crypto_key]
package dspt.checks.terraform.key_rotation

import rego.v1


plans := data.dspt.lib.terraform.plans

max_days := data.dspt.params.terraform.key_rotation_max_days

seconds_per_day := 86400

# AWS rotates only symmetric encryption keys held in AWS KMS itself.
aws_rotatable(resource) if {
	data.dspt.lib.terraform.string_status(resource, ["customer_master_key_spec"], "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
	not data.dspt.lib.terraform.known_string(resource, ["custom_key_store_id"])
	not data.dspt.lib.terraform.known_string(resource, ["xks_key_id"])
}

# [plan index, address] of every key judged: those the service can rotate automatically.
judged contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.aws_kms_key
	aws_rotatable(plan.resources[address])
}

judged contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.google_kms_crypto_key
	google_rotatable(plan.resources[address])
}

judged contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_key_vault_key
}

# [plan index, address, outcome, message] for every key found wanting; outcome "deny" or "warn".
outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_kms_key
	resource := plan.resources[address]
	aws_rotatable(resource)
	data.dspt.lib.terraform.bool_status_cfg(resource, ["enable_key_rotation"], false) == false
	msg := sprintf("%s is not rotated automatically (enable_key_rotation is not true)", [address])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_kms_key
	resource := plan.resources[address]
	aws_rotatable(resource)
	data.dspt.lib.terraform.bool_status_cfg(resource, ["enable_key_rotation"], false) == "unknown"
	msg := sprintf("whether %s is rotated automatically is known only after apply (enable_key_rotation is unknown in the plan)", [address])
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_kms_key
	resource := plan.resources[address]
	aws_rotatable(resource)
	data.dspt.lib.terraform.bool_status_cfg(resource, ["enable_key_rotation"], false) == true
	days := data.dspt.lib.terraform.number_status(resource, ["rotation_period_in_days"], null)
	is_number(days)
	days > max_days
	msg := sprintf("%s is rotated every %d days (rotation_period_in_days), longer than the allowed %d days", [address, days, max_days])
}

# Google Cloud KMS: only ENCRYPT_DECRYPT keys rotate automatically. rotation_period is a duration
# in seconds such as "7776000s".
duration_pattern := `^[0-9]+(\.[0-9]+)?s$`

google_rotatable(resource) if {
	data.dspt.lib.terraform.string_status(resource, ["purpose"], "ENCRYPT_DECRYPT") in {"ENCRYPT_DECRYPT", "unknown"}
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.google_kms_crypto_key
	resource := plan.resources[address]
	google_rotatable(resource)
	data.dspt.lib.terraform.string_status_cfg(resource, ["rotation_period"], null) == null
	msg := sprintf("%s is not rotated automatically (rotation_period is not set)", [address])
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.google_kms_crypto_key
	resource := plan.resources[address]
	google_rotatable(resource)
	period := data.dspt.lib.terraform.known_string(resource, ["rotation_period"])
	regex.match(duration_pattern, period)
	days := to_number(trim_suffix(period, "s")) / seconds_per_day
	days > max_days
	msg := sprintf("%s is rotated every %s (rotation_period %s), longer than the allowed %d days", [address, days_text(days), period, max_days])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.google_kms_crypto_key
	resource := plan.resources[address]
	google_rotatable(resource)
	period := data.dspt.lib.terraform.known_string(resource, ["rotation_period"])
	not regex.match(duration_pattern, period)
	msg := sprintf("%s has a rotation_period %s that is not a duration in seconds, so its rotation could not be judged", [address, period])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.google_kms_crypto_key
	resource := plan.resources[address]
	google_rotatable(resource)
	data.dspt.lib.terraform.string_status_cfg(resource, ["rotation_period"], null) == "unknown"
	msg := sprintf("whether %s is rotated automatically is known only after apply (rotation_period is unknown in the plan)", [address])
}

# A whole number of days as "90 days", anything else with one decimal place.
days_text(days) := sprintf("%d days", [days]) if {
	days == floor(days)
} else := sprintf("%.1f days", [days])

# Azure Key Vault: rotation_policy with an automatic block (time_after_creation or
# time_before_expiry) rotates the key; a policy with only expire_after does not.
azure_rotation(resource) := false if {
	data.dspt.lib.terraform.unknown_at(resource, ["rotation_policy"])
	data.dspt.lib.terraform.config_unset(resource, ["rotation_policy"])
} else := "unknown" if {
	data.dspt.lib.terraform.unknown_at(resource, ["rotation_policy"])
} else := true if {
	some i, policy in resource.values.rotation_policy
	some j, _ in policy.automatic
	some attribute in ["time_after_creation", "time_before_expiry"]
	data.dspt.lib.terraform.key_set(resource, ["rotation_policy", i, "automatic", j, attribute])
} else := "unknown" if {
	some i, _ in resource.values.rotation_policy
	data.dspt.lib.terraform.unknown_at(resource, ["rotation_policy", i, "automatic"])
} else := false

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_key_vault_key
	resource := plan.resources[address]
	azure_rotation(resource) == false
	msg := sprintf("%s is not rotated automatically (no rotation_policy with an automatic time_after_creation or time_before_expiry)", [address])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_key_vault_key
	resource := plan.resources[address]
	azure_rotation(resource) == "unknown"
	msg := sprintf("whether %s is rotated automatically is known only after apply (rotation_policy is unknown in the plan)", [address])
}

deny contains finding if {
	some [index, address, "deny", msg] in outcomes
	finding := {"msg": msg, "resource": address, "file": plans[index].file, "source": "terraform"}
}

warn contains finding if {
	some [index, address, "warn", msg] in outcomes
	finding := {"msg": msg, "resource": address, "file": plans[index].file, "source": "terraform"}
}
