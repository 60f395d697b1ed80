"""Programme page: clusters under the UNIDO cooperation contract."""

import ui
from mapping.programmes import PROGRAMME_BY_PATH

ui.ensure_entrypoint()

ui.programme_page(PROGRAMME_BY_PATH["unido"])
