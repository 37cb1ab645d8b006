"""Issuer keys: private key files kept outside the repository, and the key lifecycle in issuer.yaml."""
