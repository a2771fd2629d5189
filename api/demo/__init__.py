"""Realistic demo data for a provincial Party committee office (`socai demo`)."""
