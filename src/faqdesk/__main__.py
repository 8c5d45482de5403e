"""``python -m faqdesk``: the same as the ``faqdesk`` command."""

import sys

from faqdesk.cli import main

sys.exit(main())
