"""The IMM (Italian stone association) programme's page; its facts are in data/programmes.csv."""

from components.programme import programme_page

programme_page("imm")
