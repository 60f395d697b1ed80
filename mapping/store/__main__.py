"""``python -m mapping.store``: see :mod:`mapping.store.cli`."""

from mapping.store.cli import main

raise SystemExit(main())
