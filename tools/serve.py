"""Run the app: ``python -m tools.serve [streamlit options]`` (what ``make run`` does).

The same as ``streamlit run app.py``, with one difference that matters:
Streamlit decides, when the first browser session of a server process opens,
that an app with a ``pages/`` folder is an old-style multipage app, and runs
a page script on its own until ``app.py`` has called ``st.navigation`` once.
A shared link to a sub-page opened first on a fresh server, or a page that
reconnects after a restart, then takes a detour through that mode (see
``components/entrypoint.py``) and the reader's first interaction can be lost.
Deciding it here, before any session exists, avoids the detour altogether.

It sets ``PagesManager.uses_pages_directory``, a private attribute of
Streamlit 1.67 (pinned); the browser tests of the first visit and of a
restart fail if an upgrade changes it.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    # The app routes with st.navigation (app.py); pages/ holds its page scripts.
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
