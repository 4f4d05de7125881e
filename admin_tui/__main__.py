"""``python -m admin_tui`` runs the admin console."""

from admin_tui.cli import main

raise SystemExit(main())
