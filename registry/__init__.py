"""credreg: a static public credential registry generated from git."""

__version__ = "0.1.0"
