# METADATA
# title: AWS load balancers, API domains and CloudFront accept only TLS 1.2 or above
# description: >-
#   HTTPS and TLS listeners of AWS load balancers use a security policy from the allowed list
#   (TLS 1.2 or above), and HTTP listeners only redirect to HTTPS. API Gateway custom domains and
#   CloudFront distributions require TLS 1.2 or above from viewers. An unset listener ssl_policy
#   means ELBSecurityPolicy-2016-08, which accepts TLS 1.0; so does an ssl_policy known only after
#   apply that the configuration does not set (the attribute is computed).
# custom:
#   id: TF-TLS-001
#   severity: high
#   sources: [terraform]
#   family: tls
#   judges: AWS TLS endpoints (HTTP, HTTPS and TLS load balancer listeners, API Gateway custom domains, CloudFront distributions)
#   resource_types: [aws_alb_listener, aws_api_gateway_domain_name, aws_apigatewayv2_domain_name, aws_cloudfront_distribution, aws_lb_listener]
package dspt.checks.terraform.load_balancer_tls

import rego.v1

plans := input.terraform.plans

params := data.dspt.params.terraform

tls_policies := {policy | some policy in params.tls_policies}

api_gateway_tls_policies := {policy | some policy in params.api_gateway_tls_policies}

cloudfront_tls_versions := {version | some version in params.cloudfront_tls_versions}

listener_types := {"aws_lb_listener", "aws_alb_listener"}

encrypted_protocols := {"HTTPS", "TLS"}

# What AWS applies to an HTTPS or TLS listener created without a policy outside the console.
elb_default_policy := "ELBSecurityPolicy-2016-08"

array_of(value) := value if is_array(value)

array_of(value) := [] if not is_array(value)

has_text(value) if {
	is_string(value)
	value != ""
}

truthy(value) if value == true

truthy(value) if value == "true"

# [plan index, address, outcome, message] for every endpoint found wanting.
outcomes contains [index, address, "deny", msg] if {
	some [index, address, resource] in encrypted_listeners
	policy := resource.values.ssl_policy
	has_text(policy)
	not policy in tls_policies
	msg := sprintf(
		"%s uses ssl_policy %s, which is not an allowed TLS 1.2+ policy (allowed: %s)",
		[address, policy, concat(", ", params.tls_policies)],
	)
}

outcomes contains [index, address, "deny", msg] if {
	some [index, address, resource] in encrypted_listeners
	not data.dspt.lib.terraform.unknown_cfg(resource, ["ssl_policy"])
	not has_text(resource.values.ssl_policy)
	msg := sprintf(
		"%s is a %s listener without ssl_policy, so AWS applies %s, which accepts TLS 1.0",
		[address, listener_protocol(resource), elb_default_policy],
	)
}

outcomes contains [index, address, "warn", msg] if {
	some [index, address, resource] in encrypted_listeners
	data.dspt.lib.terraform.unknown_cfg(resource, ["ssl_policy"])
	msg := sprintf(
		"the ssl_policy of %s is known only after apply (when it is not set, AWS applies %s, which accepts TLS 1.0)",
		[address, elb_default_policy],
	)
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some type in listener_types
	some address in plan.by_type[type]
	plan.resources[address].unknown.protocol == true
	msg := sprintf("the protocol of %s is known only after apply, so its TLS settings cannot be judged", [address])
}

listener_protocol(resource) := upper(resource.values.protocol) if is_string(resource.values.protocol)

# [plan index, address, resource] of HTTPS and TLS listeners.
encrypted_listeners contains [index, address, resource] if {
	some index, plan in plans
	some type in listener_types
	some address in plan.by_type[type]
	resource := plan.resources[address]
	listener_protocol(resource) in encrypted_protocols
}

# HTTP listeners: every default action must redirect to HTTPS.
http_listeners contains [index, address, resource] if {
	some index, plan in plans
	some type in listener_types
	some address in plan.by_type[type]
	resource := plan.resources[address]
	listener_protocol(resource) == "HTTP"
}

redirects_to_https(action) if {
	action.type == "redirect"
	some redirect in array_of(action.redirect)
	is_string(redirect.protocol)
	upper(redirect.protocol) == "HTTPS"
}

# An action whose type or redirect protocol is known only after apply.
action_unknown(resource, _) if resource.unknown.default_action == true

action_unknown(resource, position) if resource.unknown.default_action[position].type == true

action_unknown(resource, position) if resource.unknown.default_action[position].redirect == true

action_unknown(resource, position) if {
	some redirect in array_of(resource.unknown.default_action[position].redirect)
	redirect.protocol == true
}

outcomes contains [index, address, "deny", msg] if {
	some [index, address, resource] in http_listeners
	some position, action in array_of(resource.values.default_action)
	not action_unknown(resource, position)
	not redirects_to_https(action)
	msg := sprintf(
		"%s is an HTTP listener whose default action %d is %s, not a redirect to HTTPS",
		[address, position + 1, describe_action(action)],
	)
}

http_actions_unknown contains [index, address] if {
	some [index, address, resource] in http_listeners
	resource.unknown.default_action == true
}

http_actions_unknown contains [index, address] if {
	some [index, address, resource] in http_listeners
	some position, _ in array_of(resource.values.default_action)
	action_unknown(resource, position)
}

outcomes contains [index, address, "warn", msg] if {
	some [index, address] in http_actions_unknown
	msg := sprintf("whether HTTP listener %s only redirects to HTTPS is known only after apply", [address])
}

describe_action(action) := sprintf("a redirect to %v", [redirect.protocol]) if {
	action.type == "redirect"
	some redirect in array_of(action.redirect)
} else := sprintf("%v", [object.get(action, "type", "of no type")])

# API Gateway custom domains ------------------------------------------------------------------

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_api_gateway_domain_name
	resource := plan.resources[address]
	not resource.unknown.security_policy == true
	policy := object.get(resource.values, "security_policy", null)
	not policy in api_gateway_tls_policies
	msg := sprintf(
		"%s has security_policy %v (unset means TLS_1_0); allowed: %s",
		[address, policy, concat(", ", params.api_gateway_tls_policies)],
	)
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_api_gateway_domain_name
	plan.resources[address].unknown.security_policy == true
	msg := sprintf("the security_policy of %s is known only after apply (unset, API Gateway applies TLS_1_0)", [address])
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_apigatewayv2_domain_name
	some configuration in array_of(plan.resources[address].values.domain_name_configuration)
	policy := object.get(configuration, "security_policy", null)
	policy != null
	not policy in api_gateway_tls_policies
	msg := sprintf(
		"%s has security_policy %v; allowed: %s",
		[address, policy, concat(", ", params.api_gateway_tls_policies)],
	)
}

# CloudFront ----------------------------------------------------------------------------------

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_cloudfront_distribution
	some certificate in array_of(plan.resources[address].values.viewer_certificate)
	truthy(certificate.cloudfront_default_certificate)
	msg := sprintf("%s uses the default *.cloudfront.net certificate, which always accepts TLSv1", [address])
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_cloudfront_distribution
	resource := plan.resources[address]
	some position, certificate in array_of(resource.values.viewer_certificate)
	not truthy(certificate.cloudfront_default_certificate)
	not resource.unknown.viewer_certificate[position].minimum_protocol_version == true
	version := object.get(certificate, "minimum_protocol_version", null)
	not version in cloudfront_tls_versions
	msg := sprintf(
		"%s has viewer minimum_protocol_version %v (unset means TLSv1); allowed: %s",
		[address, version, concat(", ", params.cloudfront_tls_versions)],
	)
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_cloudfront_distribution
	some certificate in array_of(plan.resources[address].unknown.viewer_certificate)
	certificate.minimum_protocol_version == true
	msg := sprintf("the viewer minimum_protocol_version of %s is known only after apply", [address])
}

# Judged --------------------------------------------------------------------------------------

# [plan index, address] of every endpoint judged: HTTPS, TLS and HTTP listeners (and listeners
# of unknown protocol), custom domains and distributions.
judged contains [index, address] if {
	some [index, address, _] in encrypted_listeners
}

judged contains [index, address] if {
	some [index, address, _] in http_listeners
}

judged contains [index, address] if {
	some index, plan in plans
	some type in listener_types
	some address in plan.by_type[type]
	plan.resources[address].unknown.protocol == true
}

judged contains [index, address] if {
	some index, plan in plans
	some type in ["aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name", "aws_cloudfront_distribution"]
	some address in plan.by_type[type]
}

# Findings ------------------------------------------------------------------------------------

deny contains finding if {
	some [index, address, "deny", msg] in outcomes
	finding := {"msg": msg, "resource": address, "file": plans[index].file, "source": "terraform"}
}

warn contains finding if {
	some [index, address, "warn", msg] in outcomes
	finding := {"msg": msg, "resource": address, "file": plans[index].file, "source": "terraform"}
}
