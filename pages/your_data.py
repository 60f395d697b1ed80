"""Your data: upload a cluster list, see what is wrong with it, map the valid rows."""

import ui

ui.ensure_entrypoint()

ui.your_data_page()
