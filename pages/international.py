"""Learning from abroad: the paper's international case studies and recommendations."""

import ui

ui.ensure_entrypoint()

ui.international_page()
