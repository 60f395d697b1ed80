"""The data a session shows, loaded once per server process, with one error path.

The registry lives in the database (:mod:`mapping.store`): every visitor sees
the latest published version, or the one a link pins with ``?version=N``.
With ``CLUSTER_REGISTRY=file.csv`` the app shows that file instead, read-only
(nothing to publish). A reader's own upload (Your data) replaces or joins what
the session shows, in that session only.

Loaded data is shared by every session of the process; sessions get shallow
copies, which pandas 3 copies on write, so none can change what the others
see. When the database cannot be reached, pages say so and keep showing the
last version this process loaded; only with nothing loaded yet do they stop.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import pandas as pd
import streamlit as st

from components import keys, url_state
from mapping.assets import sync_static_assets
from mapping.demo import DEMO_NAME, demo_registry
from mapping.filters import ClusterFilter
from mapping.i18n import N_, Message, _
from mapping.international import load_countries, load_international
from mapping.memory import release_free_memory, use_system_allocator
from mapping.provinces import load_provinces
from mapping.registry import RegistryError, load_registry, prepare_columns, validate_registry
from mapping.search import with_search_text
from mapping.store import Store, StoreError, StoreUnavailable, UnknownVersion, VersionInfo

REGISTRY_ENV = "CLUSTER_REGISTRY"
VERSION_PARAM = "version"
USER_DATA_PARAM, USER_DATA_VALUE = "data", "yours"
LOADED_VERSIONS = 3  # versions kept in memory per process (latest, previous, one pinned)
T = TypeVar("T")


@dataclass(frozen=True)
class Shown:
    """What a run shows: the registry rows and which version of which source they are."""

    registry: pd.DataFrame
    version: VersionInfo | None  # None for a read-only file (CLUSTER_REGISTRY)
    latest: int | None
    stale: bool = False  # the database could not be reached; an older load is shown


@st.cache_resource
def ensure_static_assets() -> int:
    """Copy Leaflet from its pip package into ./static once per server process."""
    return len(sync_static_assets())


def stop_with(what: str, exc: Exception) -> None:
    """A clear message saying ``what`` failed (translated) and why, then a stopped page."""
    st.error(_(what))
    st.code(str(exc), language=None)  # shown as text, never as Markdown
    st.stop()


def or_stop(load: Callable[[], T], what: str) -> T:
    """``load()``, or a clear message saying ``what`` failed and a stopped page."""
    try:
        return load()
    except (RegistryError, StoreError, ValueError, OSError) as exc:
        stop_with(what, exc)
        raise  # unreachable: st.stop() ends the script


@st.cache_resource(show_spinner=False)
def _provinces() -> gpd.GeoDataFrame:
    return load_provinces()


def provinces() -> gpd.GeoDataFrame:
    """The 31 province outlines (a shallow copy of the process's one copy)."""
    return or_stop(_provinces, N_("The province outlines could not be loaded:")).copy(deep=False)


def registry_file() -> str:
    """``$CLUSTER_REGISTRY``: a registry file to show read-only instead of the database."""
    return os.environ.get(REGISTRY_ENV, "").strip()


@st.cache_resource(show_spinner=False)
def _file_registry(path: str) -> pd.DataFrame:
    use_system_allocator()
    registry = with_search_text(load_registry(Path(path), _provinces()))
    release_free_memory()
    return registry


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The registry database of this process (``$DATABASE_URL``, else a local SQLite file)."""
    return Store.open()


@st.cache_resource(show_spinner=False, max_entries=LOADED_VERSIONS)
def _version_registry(number: int) -> tuple[VersionInfo, pd.DataFrame]:
    """One published version, typed for the map, shared by every session of the process."""
    use_system_allocator()
    loaded = store().load_version(number)
    registry = with_search_text(loaded.registry)
    release_free_memory()
    _LAST_GOOD.remember(loaded.info, registry)
    return loaded.info, registry


class _LastGood:
    """The last version this process loaded, to keep serving while the database is away."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.info: VersionInfo | None = None
        self.registry: pd.DataFrame | None = None

    def remember(self, info: VersionInfo, registry: pd.DataFrame) -> None:
        with self._lock:
            if self.info is None or info.number >= self.info.number:
                self.info, self.registry = info, registry


_LAST_GOOD = _LastGood()


class _LatestNumber:
    """The newest version's number, asked of the database at most once per
    ``max_age_s`` by this process, however many sessions poll it."""

    def __init__(self, max_age_s: float) -> None:
        self.max_age_s = max_age_s
        self._lock = threading.Lock()
        self._asked_at = -math.inf
        self._asked: Store | None = None
        self._number: int | None = None

    def get(self) -> int | None:
        """The number; raises StoreUnavailable (and remembers nothing) when unreachable."""
        with self._lock:
            registry_store = store()
            if (
                registry_store is not self._asked
                or time.monotonic() - self._asked_at > self.max_age_s
            ):
                # Until this question is answered, the next one asks again
                # (an unreachable database is never remembered as reachable).
                self._asked = None
                self._number = registry_store.latest_version_number()
                self._asked, self._asked_at = registry_store, time.monotonic()
            return self._number


LATEST_MAX_AGE_S = 1.0
_LATEST = _LatestNumber(LATEST_MAX_AGE_S)


def latest_number() -> int | None:
    """The newest published version's number, at most LATEST_MAX_AGE_S old: what
    the version watcher of every open page polls."""
    return _LATEST.get()


def pinned_version() -> int | None:
    """The version a link pins (``?version=N``), or None for the latest."""
    raw = st.query_params.get(VERSION_PARAM, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def _from_database() -> Shown:
    pinned = pinned_version()
    try:
        latest = store().latest_version_number()
        number = pinned or latest
        if number is None:
            raise UnknownVersion(Message("The registry database holds no version yet."))
        info, registry = _version_registry(number)
    except UnknownVersion as exc:
        st.session_state.pop(keys.SHOWN_VERSION, None)
        st.warning(str(exc))
        st.query_params.pop(VERSION_PARAM, None)
        st.stop()
        raise
    except StoreUnavailable as exc:
        if _LAST_GOOD.info is None:
            stop_with(N_("The cluster data could not be loaded:"), exc)
        return Shown(_LAST_GOOD.registry, _LAST_GOOD.info, _LAST_GOOD.info.number, stale=True)
    if pinned:
        url_state.stage(VERSION_PARAM, {VERSION_PARAM: str(pinned)})
    return Shown(registry, info, latest)


def current() -> Shown:
    """The registry this run shows (bundled source only, without the reader's upload)."""
    path = registry_file()
    if path:
        registry = or_stop(
            lambda: _file_registry(path), N_("The cluster data could not be loaded:")
        )
        return Shown(registry.copy(deep=False), None, None)
    shown = _from_database()
    st.session_state[keys.SHOWN_VERSION] = shown.version.number if shown.version else None
    return Shown(shown.registry.copy(deep=False), shown.version, shown.latest, shown.stale)


def bundled() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """The provinces and the published registry (shallow copies), or a stopped page."""
    return provinces(), current().registry


def shown() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """What this session shows: the published registry, or the reader's upload
    replacing it or added to it (kept in this session only)."""
    outlines, registry = bundled()
    user = st.session_state.get(keys.USER_DATA)
    if user is None:
        return outlines, registry
    if user["mode"] == "replace":
        return outlines, user["registry"]
    return outlines, pd.concat([registry, user["registry"]], ignore_index=True)


def mark_user_data() -> None:
    """Keep ``data=yours`` in the address while the session shows the reader's upload.

    An upload lives in the server's memory for this session only. When the
    address says ``data=yours`` but the session has no upload (the server
    restarted, or the link was shared), the page says so instead of silently
    showing the published registry; the marker then leaves the address.
    """
    if st.session_state.get(keys.USER_DATA) is not None:
        url_state.stage(USER_DATA_PARAM, {USER_DATA_PARAM: USER_DATA_VALUE})
    elif st.query_params.get(USER_DATA_PARAM) == USER_DATA_VALUE:
        st.warning(
            _(
                "This page was showing data uploaded in a browser session that has ended (the "
                "server restarted, or the link came from someone else's session). It now shows "
                "the published registry; upload the file again on the Your data page to see it."
            )
        )


def shown_key() -> tuple[str, ...]:
    """Names what :func:`shown` returns this run, for caches that sessions share.

    The published registry by its source: the read-only file's path, or the
    database and the version number shown (set by :func:`current`; a
    published version never changes). A reader's upload by a fingerprint of
    its rows, the demonstration registry by its name.
    """
    user = st.session_state.get(keys.USER_DATA)
    if user is None:
        return ("registry", *_published_key())
    key = user.get("key") or _fingerprint(user["registry"])  # set when the data is chosen
    published = _published_key() if user["mode"] == "add" else ("", "")
    return (user["mode"], *published, key)


def _published_key() -> tuple[str, str]:
    path = registry_file()
    if path:
        return ("file", path)
    version = st.session_state.get(keys.SHOWN_VERSION)
    return (store().db.display_name(), f"version {version}")


def _fingerprint(frame: pd.DataFrame) -> str:
    rows = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    return hashlib.sha256(rows.tobytes()).hexdigest()


def use_user_data(name: str, mode: str, valid: pd.DataFrame) -> None:
    """Show the reader's valid rows instead of (``replace``) or with (``add``) the published."""
    st.session_state[keys.USER_DATA] = {
        "name": name,
        "mode": mode,
        "registry": with_search_text(valid),
        "key": _fingerprint(valid),
    }
    url_state.reset_widgets(ClusterFilter, keys.CLUSTER_FILTER_PREFIX)


@st.cache_resource(show_spinner=False)
def _demo() -> pd.DataFrame:
    raw = prepare_columns(demo_registry(_provinces()), DEMO_NAME)
    result = validate_registry(raw, _provinces(), source_name=DEMO_NAME)
    if result.issues:  # the generator's own test keeps this from happening
        raise RegistryError(Message("The demonstration registry is not valid."), result.issues)
    return with_search_text(result.valid)


def use_demo_registry() -> None:
    """Show the synthetic demonstration registry instead of the published one (this session)."""
    registry = or_stop(_demo, N_("The demonstration registry could not be built:"))
    st.session_state[keys.USER_DATA] = {
        "name": DEMO_NAME,
        "mode": "replace",
        "registry": registry.copy(deep=False),
        "synthetic": True,
        "key": DEMO_NAME,
    }
    url_state.reset_widgets(ClusterFilter, keys.CLUSTER_FILTER_PREFIX)


def showing_synthetic() -> bool:
    """True while this session shows the synthetic demonstration registry."""
    user = st.session_state.get(keys.USER_DATA)
    return bool(user and user.get("synthetic"))


def clear_user_data() -> None:
    """Forget the reader's upload (and its report); back to the published registry."""
    st.session_state.pop(keys.USER_DATA, None)
    st.session_state.pop(keys.UPLOAD_REPORT, None)
    url_state.reset_widgets(ClusterFilter, keys.CLUSTER_FILTER_PREFIX)


@st.cache_resource(show_spinner=False)
def _shared_international() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    return load_countries(), load_international()


def international() -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """World outlines and the case studies (shallow copies), or a stopped page."""
    countries, cases = or_stop(
        _shared_international, N_("The international case studies could not be loaded:")
    )
    return countries.copy(deep=False), cases.copy(deep=False)
