"""Validate stage: schema, identity, reference and policy rules over loaded documents."""
