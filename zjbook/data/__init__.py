"""Data in: the data contract (schema), validation, one edition's tables, new-year folders."""
