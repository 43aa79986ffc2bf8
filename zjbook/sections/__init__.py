"""The sections' analysis: what each chapter computes from an edition's data."""
