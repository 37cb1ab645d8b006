"""Publish stage: the MkDocs plugin, page rendering and the hosted JSON documents."""
