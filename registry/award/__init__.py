"""Awarding: build Open Badges 3.0 credentials from the model, sign them, keep the status lists."""
