"""Reading exports: sniffing the format and charset, grids of text cells, headers, legacy fonts, dates."""
