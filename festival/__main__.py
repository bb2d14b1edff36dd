"""`python -m festival ...`: the same as the `festival` command."""

from festival.cli import main

raise SystemExit(main())
