"""Discovered by rules' AutodiscoverRulesConfig: registers every object permission."""

from wenming.accounts.access import register_rules

register_rules()
