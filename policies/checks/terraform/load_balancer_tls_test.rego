package dspt.checks.terraform.load_balancer_tls_test

import rego.v1

import data.dspt.checks.terraform.load_balancer_tls
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"tls_policies": ["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS-1-2-2017-01"],
	"api_gateway_tls_policies": ["TLS_1_2"],
	"cloudfront_tls_versions": ["TLSv1.2_2021"],
}}

# The plan of resources, read from plans/platform.json (the file the findings name).
plan(resources) := tf.plan_in("plans/platform.json", resources)

# The evidence document of that one plan.
evidence(resources) := tf.evidence([plan(resources)])

deny_of(resources) := result if {
	result := load_balancer_tls.deny with input as evidence(resources) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := load_balancer_tls.warn with input as evidence(resources) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

https_listener(address, policy) := tf.resource(
	address,
	{"port": 443, "protocol": "HTTPS", "ssl_policy": policy, "default_action": [{"type": "forward", "redirect": []}]},
	{"arn": true, "default_action": [{"target_group_arn": true}], "load_balancer_arn": true, "certificate_arn": true},
)

redirect_action(protocol) := {"type": "redirect", "redirect": [{"port": "443", "protocol": protocol, "status_code": "HTTP_301"}]}

http_listener(address, actions) := tf.resource(address, {"port": 80, "protocol": "HTTP", "default_action": actions}, {"arn": true, "ssl_policy": true})

compliant_resources := [
	https_listener("aws_lb_listener.https", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
	http_listener("aws_lb_listener.http", [redirect_action("HTTPS")]),
	tf.resource("aws_alb_listener.nlb_tls", {"port": 443, "protocol": "TLS", "ssl_policy": "ELBSecurityPolicy-TLS-1-2-2017-01"}, {}),
	tf.resource("aws_lb_listener.tcp", {"port": 5432, "protocol": "TCP"}, {"ssl_policy": true}),
	tf.resource("aws_api_gateway_domain_name.api", {"domain_name": "api.example.org", "security_policy": "TLS_1_2"}, {}),
	tf.resource("aws_apigatewayv2_domain_name.api", {"domain_name_configuration": [{"endpoint_type": "REGIONAL", "security_policy": "TLS_1_2"}]}, {}),
	tf.resource("aws_cloudfront_distribution.site", {"viewer_certificate": [{"cloudfront_default_certificate": false, "minimum_protocol_version": "TLSv1.2_2021"}]}, {}),
]

test_tls12_endpoints_pass if {
	count(deny_of(compliant_resources)) == 0
	count(warn_of(compliant_resources)) == 0
}

test_weak_ssl_policy_is_denied if {
	deny_of([https_listener("aws_lb_listener.https", "ELBSecurityPolicy-2016-08")]) == {{
		"msg": "aws_lb_listener.https uses ssl_policy ELBSecurityPolicy-2016-08, which is not an allowed TLS 1.2+ policy (allowed: ELBSecurityPolicy-TLS13-1-2-2021-06, ELBSecurityPolicy-TLS-1-2-2017-01)",
		"resource": "aws_lb_listener.https",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_absent_ssl_policy_is_denied if {
	listener := tf.resource("aws_alb_listener.tls", {"port": 443, "protocol": "tls", "ssl_policy": null}, {})
	some finding in deny_of([listener])
	finding.resource == "aws_alb_listener.tls"
	contains(finding.msg, "without ssl_policy, so AWS applies ELBSecurityPolicy-2016-08")
}

test_unknown_ssl_policy_warns if {
	listener := tf.resource("aws_lb_listener.https", {"port": 443, "protocol": "HTTPS"}, {"ssl_policy": true})
	count(deny_of([listener])) == 0
	warned([listener]) == {"aws_lb_listener.https"}
}

test_unknown_protocol_warns if {
	listener := tf.resource("aws_lb_listener.any", {"port": 443}, {"protocol": true, "ssl_policy": true})
	count(deny_of([listener])) == 0
	warned([listener]) == {"aws_lb_listener.any"}
}

test_http_listener_that_forwards_is_denied if {
	listener := http_listener("aws_lb_listener.http", [{"type": "forward", "redirect": []}])
	deny_of([listener]) == {{
		"msg": "aws_lb_listener.http is an HTTP listener whose default action 1 is forward, not a redirect to HTTPS",
		"resource": "aws_lb_listener.http",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_http_redirect_that_keeps_http_is_denied if {
	listener := http_listener("aws_lb_listener.http", [redirect_action("#{protocol}")])
	some finding in deny_of([listener])
	finding.msg == "aws_lb_listener.http is an HTTP listener whose default action 1 is a redirect to #{protocol}, not a redirect to HTTPS"
}

test_http_redirect_with_unknown_protocol_warns if {
	listener := tf.resource(
		"aws_lb_listener.http",
		{"protocol": "HTTP", "default_action": [{"type": "redirect", "redirect": [{"port": "443"}]}]},
		{"default_action": [{"redirect": [{"protocol": true}]}]},
	)
	count(deny_of([listener])) == 0
	warned([listener]) == {"aws_lb_listener.http"}
}

test_api_gateway_weak_or_unset_policy_is_denied if {
	resources := [
		tf.resource("aws_api_gateway_domain_name.old", {"security_policy": "TLS_1_0"}, {}),
		tf.resource("aws_api_gateway_domain_name.unset", {"domain_name": "x.example.org"}, {}),
		tf.resource("aws_apigatewayv2_domain_name.old", {"domain_name_configuration": [{"security_policy": "TLS_1_0"}]}, {}),
	]
	denied(resources) == {"aws_api_gateway_domain_name.old", "aws_api_gateway_domain_name.unset", "aws_apigatewayv2_domain_name.old"}
}

test_api_gateway_unknown_policy_warns if {
	domain := tf.resource("aws_api_gateway_domain_name.api", {"domain_name": "api.example.org"}, {"security_policy": true})
	count(deny_of([domain])) == 0
	warned([domain]) == {"aws_api_gateway_domain_name.api"}
}

test_cloudfront_default_certificate_and_old_version_are_denied if {
	resources := [
		tf.resource("aws_cloudfront_distribution.default_cert", {"viewer_certificate": [{"cloudfront_default_certificate": true, "minimum_protocol_version": "TLSv1"}]}, {}),
		tf.resource("aws_cloudfront_distribution.old", {"viewer_certificate": [{"cloudfront_default_certificate": false, "minimum_protocol_version": "TLSv1.1_2016"}]}, {}),
	]
	denied(resources) == {"aws_cloudfront_distribution.default_cert", "aws_cloudfront_distribution.old"}
}

test_cloudfront_unknown_version_warns if {
	distribution := tf.resource(
		"aws_cloudfront_distribution.site",
		{"viewer_certificate": [{"cloudfront_default_certificate": false}]},
		{"viewer_certificate": [{"minimum_protocol_version": true}]},
	)
	count(deny_of([distribution])) == 0
	warned([distribution]) == {"aws_cloudfront_distribution.site"}
}

test_tls_policies_parameter_is_honoured if {
	override := {"terraform": object.union(params.terraform, {"tls_policies": ["ELBSecurityPolicy-TLS13-1-3-2021-06"]})}
	listener := https_listener("aws_lb_listener.https", "ELBSecurityPolicy-TLS13-1-2-2021-06")
	deny := load_balancer_tls.deny with input as evidence([listener]) with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_lb_listener.https"}
}

judged_of(resources) := result if {
	result := load_balancer_tls.judged with input as evidence(resources) with data.dspt.params as params
}

test_judged_counts_tls_endpoints_but_not_tcp_listeners if {
	judged_of(compliant_resources) == {[0, r.address] | some r in compliant_resources; r.address != "aws_lb_listener.tcp"}
}

test_ssl_policy_unknown_but_unset_in_configuration_is_the_default if {
	listener := object.union(
		tf.resource("aws_lb_listener.https", {"port": 443, "protocol": "HTTPS"}, {"ssl_policy": true}),
		{"config": {"port": {"constant": 443}, "protocol": {"constant": "HTTPS"}}},
	)
	denied([listener]) == {"aws_lb_listener.https"}
	count(warn_of([listener])) == 0
}

test_ssl_policy_from_a_variable_warns if {
	listener := object.union(
		tf.resource("aws_alb_listener.https", {"port": 443, "protocol": "HTTPS"}, {"ssl_policy": true}),
		{"config": {"ssl_policy": {"references": ["var.ssl_policy"], "resources": [], "data": []}}},
	)
	warned([listener]) == {"aws_alb_listener.https"}
	count(deny_of([listener])) == 0
}

test_apigatewayv2_weak_policy_is_denied if {
	domain := tf.resource("aws_apigatewayv2_domain_name.api", {"domain_name_configuration": [{"endpoint_type": "REGIONAL", "security_policy": "TLS_1_0"}]}, {})
	denied([domain]) == {"aws_apigatewayv2_domain_name.api"}
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_alb_listener", {"port": 443, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"}, {}, "deny"],
	["aws_api_gateway_domain_name", {"domain_name": "api.example.org", "security_policy": "TLS_1_2"}, {}, "pass"],
	["aws_apigatewayv2_domain_name", {"domain_name_configuration": [{"security_policy": "TLS_1_0"}]}, {}, "deny"],
	["aws_cloudfront_distribution", {"viewer_certificate": [{"cloudfront_default_certificate": true}]}, {}, "deny"],
	["aws_lb_listener", {"port": 443, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}, {}, "pass"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := evidence(resources)
	deny := load_balancer_tls.deny with input as input_doc with data.dspt.params as params
	warn := load_balancer_tls.warn with input as input_doc with data.dspt.params as params
	judged := load_balancer_tls.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
