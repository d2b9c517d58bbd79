"""``python -m gvc``: the same as the ``gvc`` console script."""

from __future__ import annotations

from gvc.cli import main

raise SystemExit(main())
