"""Load stage: read registry files safely into located documents."""
