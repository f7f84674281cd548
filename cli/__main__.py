"""`python -m cli ...` runs the `verbatim` command."""
import sys

from cli.main import main

sys.exit(main())
