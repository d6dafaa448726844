"""``python -m drift``: the ``drift`` command."""

import sys

from drift.cli import main

sys.exit(main())
