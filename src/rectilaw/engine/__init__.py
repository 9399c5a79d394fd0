"""Evaluation: a checked policy compiled once, then asked about findings."""
