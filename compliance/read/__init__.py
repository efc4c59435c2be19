"""Reading exports: sniff, sheets or delimited text, headers, cells, a table; dates, legacy fonts."""
