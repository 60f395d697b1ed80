"""Cached loaders with one error path, and the data a session shows.

The registry and the province outlines are loaded once per server process
and shared: sessions get shallow copies, which pandas 3 copies on write, so
no session can change what the others see. A registry that cannot be loaded
stops the page with one clear message, never a traceback.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import pandas as pd
import streamlit as st

from components import keys, url_state
from mapping.assets import sync_static_assets
from mapping.filters import ClusterFilter
from mapping.international import load_countries, load_international
from mapping.memory import release_free_memory, use_system_allocator
from mapping.provinces import load_provinces
from mapping.registry import REGISTRY_PATH, RegistryError, load_registry
from mapping.search import with_search_text

REGISTRY_ENV = "CLUSTER_REGISTRY"
T = TypeVar("T")


@st.cache_resource
def ensure_static_assets() -> int:
    """Copy Leaflet from its pip package into ./static once per server process."""
    return len(sync_static_assets())


def or_stop(load: Callable[[], T], what: str) -> T:
    """``load()``, or a clear message naming ``what`` failed and a stopped page."""
    try:
        return load()
    except (RegistryError, ValueError, OSError) as exc:
        st.error(f"{what} could not be loaded:")
        st.code(str(exc), language=None)  # shown as text, never as Markdown
        st.stop()
        raise  # unreachable: st.stop() ends the script


@st.cache_resource(show_spinner="Loading the cluster registry…")
def _shared_registry(registry_path: str) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Province outlines and the validated registry, loaded once per server.

    ``cache_resource``, not ``cache_data``: the latter would unpickle a fresh
    copy of a 100,000-row registry on every rerun of every session. Sessions
    never get this object itself, only :func:`bundled`'s shallow copies.
    """
    use_system_allocator()
    provinces = load_provinces()
    registry = with_search_text(load_registry(Path(registry_path), provinces))
    release_free_memory()
    return provinces, registry


def registry_path() -> str:
    """The registry to show: ``$CLUSTER_REGISTRY`` if set, else the bundled file."""
    return os.environ.get(REGISTRY_ENV, "") or str(REGISTRY_PATH)


def bundled() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """The server's provinces and registry (shallow copies), or a stopped page."""
    provinces, registry = or_stop(lambda: _shared_registry(registry_path()), "The cluster data")
    return provinces.copy(deep=False), registry.copy(deep=False)


def shown() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """What this session shows: the bundled registry, or the reader's upload
    replacing it or added to it (kept in this session only)."""
    provinces, registry = bundled()
    user = st.session_state.get(keys.USER_DATA)
    if user is None:
        return provinces, registry
    if user["mode"] == "replace":
        return provinces, user["registry"]
    return provinces, pd.concat([registry, user["registry"]], ignore_index=True)


def shown_key() -> tuple[str, ...]:
    """Names what :func:`shown` returns, for caches that sessions share: the
    bundled registry by its path (loaded once per server), an upload by a
    fingerprint of its rows."""
    user = st.session_state.get(keys.USER_DATA)
    if user is None:
        return ("registry", registry_path())
    key = user.get("key") or _fingerprint(user["registry"])  # set by use_user_data
    return (user["mode"], registry_path() if user["mode"] == "add" else "", key)


def _fingerprint(frame: pd.DataFrame) -> str:
    rows = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    return hashlib.sha256(rows.tobytes()).hexdigest()


def use_user_data(name: str, mode: str, valid: pd.DataFrame) -> None:
    """Show the reader's valid rows instead of (``replace``) or with (``add``) the bundled."""
    st.session_state[keys.USER_DATA] = {
        "name": name,
        "mode": mode,
        "registry": with_search_text(valid),
        "key": _fingerprint(valid),
    }
    url_state.reset_widgets(ClusterFilter, keys.CLUSTER_FILTER_PREFIX)


def clear_user_data() -> None:
    """Forget the reader's upload (and its report); back to the bundled registry."""
    st.session_state.pop(keys.USER_DATA, None)
    st.session_state.pop(keys.UPLOAD_REPORT, None)
    url_state.reset_widgets(ClusterFilter, keys.CLUSTER_FILTER_PREFIX)


@st.cache_resource(show_spinner=False)
def _shared_international() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    return load_countries(), load_international()


def international() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """World outlines and the case studies (shallow copies), or a stopped page."""
    countries, cases = or_stop(_shared_international, "The international case studies")
    return countries.copy(deep=False), cases.copy(deep=False)
