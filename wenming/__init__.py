"""Wenming: the platform of a county New Era Civilization Practice network."""
