"""Verify stage: check any Open Badges 3.0 credential step by step, like a verifier's log."""
