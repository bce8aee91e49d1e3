"""Zhaoshang (招商): investment promotion and project construction for development zones."""
