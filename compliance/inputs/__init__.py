"""The three inputs (cases, letters, exemptions): fields, files, checks, clean frames and rejects."""
