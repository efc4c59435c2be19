"""The three inputs (cases, letters, exemptions): columns to clean frames, duplicates and rejects."""
