"""Spreadsheet imports: batches and the outcome of every row."""
