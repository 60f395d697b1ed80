"""The IPI (Italy) programme's page; its facts are in data/programmes.csv."""

from components.programme import programme_page

programme_page("ipi")
