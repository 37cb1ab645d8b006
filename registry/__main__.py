"""`python -m registry` runs the credreg command."""
import sys

from .cli import main

sys.exit(main())
