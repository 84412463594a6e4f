"""Discovered by rules' AutodiscoverRulesConfig: registers every object permission."""

from wenming.regions.access import register_rules

register_rules()
