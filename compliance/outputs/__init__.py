"""The only place that knows the machine-facing file formats: CSV, JSON, atomic writes."""
