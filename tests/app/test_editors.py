"""The editors' desk in AppTest: an anonymous session sees a sign-in form and no way to
publish, and calling the page's publish action without signing in is refused by the store."""

from __future__ import annotations

import html

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def test_anonymous_visitor_gets_a_sign_in_form_only():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/editor.py").run()
    assert not at.exception
    labels = [t.label for t in at.text_input]
    assert labels == ["Name", "Password"]
    assert not at.get("file_uploader")
    assert "Publish as a new version" not in [b.label for b in at.button]
    assert not at.tabs


def publish_without_signing_in() -> None:
    """What a forged call to the page's publish action would do (AppTest runs this)."""
    import pandas as pd
    import streamlit as st

    from components import data
    from components.editing import Draft, publish
    from mapping.i18n import set_language
    from mapping.registry import REGISTRY_PATH, prepare_columns

    set_language("en")
    raw = pd.read_csv(REGISTRY_PATH, dtype=str, keep_default_na=False).head(3)
    before = data.store().latest_version_number()
    draft = Draft(prepare_columns(raw, "forged"), "replace", before, "forged")
    result = publish(draft, "forged")
    st.text(f"result={result}; latest={data.store().latest_version_number()}; before={before}")


def test_publishing_without_a_session_is_refused_by_the_store():
    at = AppTest.from_function(publish_without_signing_in, default_timeout=60)
    at.run()
    assert not at.exception
    assert "Only a signed-in editor can do this" in html.unescape(at.error[0].value)
    result = at.text[0].value
    latest, before = (part.split("=")[1] for part in result.split("; ")[1:])
    assert result.startswith("result=None") and latest == before
