"""Streamlit glue shared by the pages; everything testable without Streamlit is in ``mapping``.

- ``keys``: every ``st.session_state`` key, named once.
- ``entrypoint``: the one workaround for a private Streamlit behaviour.
- ``data``: cached loaders with one error path.
- ``url_state``: the address and the widgets kept in step, both ways.
- ``sidebar``: the filter sidebar (clusters and case studies share it).
- ``widgets``: page titles, inert text, download buttons, the user-data banner.
- ``dashboard``: figures, map, table, profile and download for a selection.
- ``exports``: the Export block under every map (image, workbook, GIS files).
"""
