"""Reporting periods and the working-day calendar, with the official days off and their sources."""
