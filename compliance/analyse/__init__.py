"""The analysis: units, classification, letters matched to cases, findings, the results table."""
