"""Two-way incremental sync of one local side with one server collection.

One run:

1. **Down**: ask what changed on the server since the last sync token (RFC 6578
   ``sync-collection``; when the server forgot the token, list every ETag and compare), fetch
   the changed resources in batches (multiget), and apply each: a thing unchanged here takes the
   server's version; a thing changed here too is a **conflict** — the server's version is kept
   and the local one becomes a conflict copy, and it is reported. Deletions on the server delete
   here unless the thing changed here (then it is sent again: nothing is dropped).
2. **Up**: send what changed here: new things with ``If-None-Match: *``, changed ones with
   ``If-Match`` their last ETag, deletions (tombstones) with ``If-Match``. A 412 means the
   server's copy changed meanwhile: it is fetched and handled as in step 1.
3. Only then the new sync token is stored.

Each step is recorded as soon as it is done, so a run cut off anywhere (server killed, network
gone) loses nothing and the next run finishes the work without duplicates: a thing already
created on the server under its fixed path is recognised (412, same content) instead of being
created twice.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from faqdesk.core import storage
from faqdesk.core.log import get_logger
from faqdesk.core.problems import Problem
from faqdesk.core.sync.dav import DAV, DavClient, Resource, normal_path
from faqdesk.core.sync.errors import NotFound, PreconditionFailed, SyncError
from faqdesk.core.sync.side import ChangedMeanwhile, LocalSide, Refused
from faqdesk.core.sync.state import Item, SyncState

_log = get_logger("sync")
#: Largest single resource read from the server; larger ones stay there and are reported.
MAX_RESOURCE_CHARS = 1024 * 1024
#: A run deleting more than this many local things (or more than half, beyond a few) asks first.
MASS_DELETION_COUNT = 10
MASS_DELETION_FEW = 2
#: Where copies of the things a sync deleted here are kept (in the data folder).
TRASH_FOLDER = "sync-deleted"
_UID_RE = re.compile(r"^UID(?:;[^:\r\n]*)?:([^\r\n]*)$", re.IGNORECASE | re.MULTILINE)


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a new file ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    storage.write_atomically(path, text.encode("utf-8"))


def uid_of(body: str) -> str:
    """The first ``UID`` of a vCard or iCalendar text ("" when it has none)."""
    unfolded = re.sub(r"\r?\n[ \t]", "", body)
    found = _UID_RE.search(unfolded)
    return found.group(1).strip() if found else ""


def new_uid(local_id: str) -> str:
    """The UID of a thing received without one (servers require one)."""
    return f"faqdesk-{local_id}"


@dataclass(frozen=True)
class Conflict:
    """A thing changed on both sides (or changed on one, deleted on the other)."""

    collection: str
    local_id: str
    name: str
    what: str  # both_changed | deleted_here | deleted_there
    copy_id: str = ""


@dataclass
class CollectionReport:
    """What one run did to one collection (names of the things)."""

    collection: str
    uploaded: list[str] = field(default_factory=list)
    downloaded: list[str] = field(default_factory=list)
    deleted_here: list[str] = field(default_factory=list)
    deleted_there: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Deletions from the server not applied here (too many): the things' names.
    held: list[str] = field(default_factory=list)
    #: The file holding copies of what was deleted here ("" when nothing was).
    trash: str = ""
    #: Bundled contacts changed by a card from the server (as the user's edit of them).
    changed_bundled: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "uploaded": list(self.uploaded),
            "downloaded": list(self.downloaded),
            "changed_bundled": list(self.changed_bundled),
            "held": list(self.held),
            "trash": self.trash,
            "deleted_here": list(self.deleted_here),
            "deleted_there": list(self.deleted_there),
            "conflicts": [c.__dict__ for c in self.conflicts],
            "problems": [str(p) for p in self.problems],
        }


class CollectionSync:
    """One run over one collection; see the module docstring."""

    def __init__(
        self,
        client: DavClient,
        side: LocalSide,
        state: SyncState,
        collection_href: str,
        now: datetime,
        *,
        accept_deletions: bool = False,
    ) -> None:
        self.client = client
        self.side = side
        self.state = state
        self.href = collection_href if collection_href.endswith("/") else collection_href + "/"
        self.now = now
        self.accept_deletions = accept_deletions
        self.key = side.collection
        self.report = CollectionReport(side.collection)
        self.local: dict[str, str] = {}
        self.known: dict[str, Item] = {}
        self.owners: dict[str, str] = {}
        self.version = ""
        self.dirty = False  # this run changed local things since the last _load()
        self.copied = False  # this run made conflict copies
        self.retry = False  # something received could not be stored: fetch it again next time

    def _load(self) -> None:
        """Read the local stamps and the synced items. When nothing local changed since the
        end of the last complete run (same :meth:`LocalSide.version`), the stamps are those
        recorded then and the local data is not read at all (a no-change sync stays cheap)."""
        self.version = self.side.version()
        self.known = self.state.items(self.key)
        self.owners = {item.href: local_id for local_id, item in self.known.items()}
        if self.version and self.version == self.state.get(self._version_key):
            self.local = {local_id: item.stamp for local_id, item in self.known.items()}
        else:
            self.local = self.side.stamps()
        self.dirty = False

    @property
    def _version_key(self) -> str:
        return f"local_version:{self.key}"

    def _remember(self, local_id: str, item: Item, local_stamp: str | None = None) -> None:
        """Record ``item`` as synced; ``local_stamp``: the local thing's stamp when it differs
        from the server's (a merge kept more here: it goes up in this run)."""
        self.state.remember(self.key, local_id, item)
        old = self.known.get(local_id)
        if old is not None:
            self.owners.pop(old.href, None)
        self.known[local_id] = item
        self.owners[item.href] = local_id
        self.local[local_id] = item.stamp if local_stamp is None else local_stamp

    def _forget(self, local_id: str) -> None:
        self.state.forget(self.key, local_id)
        old = self.known.pop(local_id, None)
        if old is not None:
            self.owners.pop(old.href, None)

    # --- the run ----------------------------------------------------------------------------

    def run(self) -> CollectionReport:
        self._load()
        self.state.put(self._version_key, "")  # until this run completes
        changed, removed, token = self._remote_changes()
        self._apply_remote(changed, removed)
        if self.accept_deletions:
            self._apply_held()
        if self.copied:  # conflict copies are new local things: read again before sending
            self._load()
        self._push()
        if token and not self.retry:
            self.state.set_token(self.key, token)
        if not self.dirty:  # nothing local changed since the stamps were read
            self.state.put(self._version_key, self.version)
        return self.report

    def _remote_changes(self) -> tuple[dict[str, str], set[str], str | None]:
        """Changed resources (path → ETag), removed paths and the new token."""
        token = self.state.token(self.key)
        own = normal_path(self.href)
        try:
            resources, new_token = self.client.changes(self.href, token)
            full = not token
        except SyncError as exc:
            if exc.code != "sync.error.token":
                raise
            resources, new_token = self.client.changes(self.href, "")
            full = True
        changed: dict[str, str] = {}
        removed: set[str] = set()
        for resource in resources:
            if not resource.href.startswith(own) or resource.href == own:
                continue  # the collection itself, or a path elsewhere: not ours to touch
            if resource.status in (404, 410):
                removed.add(resource.href)
            elif resource.status == 200:
                changed[resource.href] = resource.text(DAV, "getetag") or ""
        if full:
            # Absent from a full listing is not "deleted there": the collection may have been
            # wiped or restored from a backup. Forget the link; the thing goes up again.
            for href in set(self.owners) - set(changed):
                self._forget(self.owners[href])
        return changed, removed, new_token

    def _apply_remote(self, changed: dict[str, str], removed: set[str]) -> None:
        etags = {item.href: item.etag for item in self.known.values()}
        wanted = [href for href, etag in changed.items() if not etag or etags.get(href) != etag]
        got: set[str] = set()
        for resource in self.client.multiget(self.href, wanted, self.side.calendar):
            got.add(resource.href)
            self._on_fetched(resource)
        if not got.issuperset(wanted):  # the server left some out: ask again next time
            self.retry = True
        removed = self._held_back(removed)
        self._write_trash(removed)
        for href in sorted(removed):
            self._on_removed(href)

    def _held_back(self, removed: set[str]) -> set[str]:
        """``removed`` without the deletions held back: when the server says many of our
        things are gone (more than a few, or most), none is deleted here unless the user
        accepted it; they stay here, are sent again, and the report names them."""
        doomed = {h for h in removed if self.owners.get(h) in self.local}
        total = len(self.local)
        many = len(doomed) > MASS_DELETION_COUNT or (
            len(doomed) > MASS_DELETION_FEW and 2 * len(doomed) > total
        )
        if not many or self.accept_deletions or not self.side.deletes_here:
            return removed
        held = self._held()
        for href in sorted(doomed):
            owner = self.owners[href]
            self.report.held.append(self.side.name(owner))
            held[owner] = self.local[owner]
            self._forget(owner)  # kept here; goes up again in this run
        self.state.put(self._held_key, json.dumps(held, sort_keys=True))
        _log.warning("held back %d deletions from the server in %s", len(doomed), self.key)
        return removed - doomed

    @property
    def _held_key(self) -> str:
        return f"held_deletions:{self.key}"

    def _held(self) -> dict[str, str]:
        """The deletions held back by earlier runs: local id → its stamp then."""
        try:
            held = json.loads(self.state.get(self._held_key, "{}"))
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in held.items()} if isinstance(held, dict) else {}

    def _apply_held(self) -> None:
        """The user accepted the deletions held back earlier: delete here what is unchanged
        since (a copy is kept first); the push then deletes it on the server again."""
        held = self._held()
        doomed = {
            self.known[i].href: i
            for i, stamp in held.items()
            if i in self.known and self.local.get(i) == stamp == self.known[i].stamp
        }
        self._write_trash(set(doomed))
        for owner in doomed.values():
            name = self.side.name(owner)
            if self.side.remove(owner, self.local[owner]):
                self.dirty = True
                self.report.deleted_here.append(name)
                self.local.pop(owner, None)
        self.state.put(self._held_key, "{}")

    def _write_trash(self, removed: set[str]) -> None:
        """Before anything is deleted here, copy every thing about to be into one file the
        user can import again; when that cannot be written, nothing is deleted."""
        copies: list[str] = []
        for href in sorted(removed) if self.side.deletes_here else ():
            owner = self.owners.get(href)
            if owner is not None and owner in self.local:
                item = self.known[owner]
                copies.append(self.side.body(owner, item.uid or new_uid(owner)) or "")
        if not any(copies):
            return
        folder = self.state.path.parent / TRASH_FOLDER
        stamp = self.now.strftime("%Y%m%d-%H%M%S")
        key, suffix = self.key, self.side.suffix
        target = storage.free_path(
            folder / f"{stamp}-{key}{suffix}", lambda n: folder / f"{stamp}-{key}-{n}{suffix}"
        )
        try:
            _write_atomically(target, "".join(copies))
        except OSError as exc:
            raise SyncError("sync.error.trash", path=str(target), error=str(exc)) from exc
        self.report.trash = str(target)

    def _on_fetched(self, resource: Resource) -> None:
        if resource.status != 200:
            return  # gone between the two requests: the next run sees the removal
        body = resource.text(
            "urn:ietf:params:xml:ns:caldav"
            if self.side.calendar
            else "urn:ietf:params:xml:ns:carddav",
            "calendar-data" if self.side.calendar else "address-data",
        )
        etag = resource.text(DAV, "getetag") or ""
        if body is None:
            return
        self.remote_changed(resource.href, etag, body)

    # --- one server change ------------------------------------------------------------------

    def remote_changed(self, href: str, etag: str, body: str) -> None:
        """Apply the server's version ``body`` of ``href``; see the module docstring. A local
        thing edited meanwhile is left for the next run."""
        try:
            self._remote_changed(href, etag, body)
        except ChangedMeanwhile:
            _log.info("%s changed here during the sync; left for the next run", href)
        except Refused as refused:
            self.report.problems.extend(refused.problems)
            self.retry = True

    def _remote_changed(self, href: str, etag: str, body: str) -> None:
        where = href.rsplit("/", 1)[-1]
        if len(body) > MAX_RESOURCE_CHARS:
            self.report.problems.append(
                Problem.of(where, "sync.item.too_large", limit=MAX_RESOURCE_CHARS // 1024)
            )
            return
        known, local = self.known, self.local
        owner = self.owners.get(href)
        incoming, problems = self.side.parse(body, where, set(local) | set(known))
        self.report.problems.extend(problems)
        if incoming is None:
            return
        if owner is None:
            if incoming.id and incoming.id in known:  # another resource is this thing already
                fresh_id = self.side.fresh_id(incoming, set(local) | set(known))
                incoming = self.side.with_id(incoming, fresh_id)
            owner = incoming.id
            base = None
        else:
            incoming = self.side.with_id(incoming, owner)
            base = known[owner].stamp if owner in known else None
        here = local.get(owner) if owner else None
        changed_here = here != base
        uid = uid_of(body)
        if not changed_here or here == incoming.stamp:
            if here == incoming.stamp:
                self._remember(owner, Item(href, etag, incoming.stamp, uid or new_uid(owner)))
                return
            if self.side.edits_bundled(owner):
                self.report.changed_bundled.append(incoming.name)
            else:
                self.report.downloaded.append(incoming.name)
            self.dirty = True
            owner, stamp = self.side.save(incoming, here)
            self._remember(owner, Item(href, etag, incoming.stamp, uid or new_uid(owner)), stamp)
            return
        self.dirty = True
        if here is None:
            what, copy_id = "deleted_here", ""
        else:
            what, copy_id = "both_changed", self.side.keep_copy(owner, self.now) or ""
            self.copied = self.copied or bool(copy_id)
        owner, stamp = self.side.save(incoming, here)
        self._remember(owner, Item(href, etag, incoming.stamp, uid or new_uid(owner)), stamp)
        self._conflict(owner, incoming.name, what, copy_id)

    def _on_removed(self, href: str) -> None:
        owner = self.owners.get(href)
        if owner is None:
            return
        base = self.known[owner].stamp
        here = self.local.get(owner)
        if here is not None and here != base:
            # changed here, deleted there: keep ours; it goes up again as a new resource
            self._forget(owner)
            self._conflict(owner, self.side.name(owner), "deleted_there", "")
            return
        if here is not None:
            self.dirty = True
            name = self.side.name(owner)
            if not self.side.remove(owner, here):
                # edited meanwhile, or a thing FAQDesk never deletes (a case): kept here and
                # sent again as a new resource
                self._forget(owner)
                self._conflict(owner, name, "deleted_there", "")
                return
            self.report.deleted_here.append(name)
            self.local.pop(owner, None)
        self._forget(owner)

    def _conflict(self, local_id: str, name: str, what: str, copy_id: str) -> None:
        self.report.conflicts.append(Conflict(self.key, local_id, name, what, copy_id))
        self.state.log_conflict(self.now, self.key, local_id, copy_id, what)
        _log.info("sync conflict on %s %s: %s (copy %s)", self.key, local_id, what, copy_id)

    # --- local changes up -------------------------------------------------------------------

    def _new_href(self, local_id: str, uid: str) -> str:
        name = self.side.resource_name(local_id, uid)
        return self.href + name.replace("/", "_") + self.side.suffix  # a decoded path

    def _push(self) -> None:
        local, known = dict(self.local), dict(self.known)
        for local_id, stamp in sorted(local.items()):
            item = known.get(local_id)
            if item is None or item.stamp != stamp:
                self._upload(local_id, stamp, item)
        for local_id, item in sorted(known.items()):
            if local_id not in local:
                self._delete_there(local_id, item)

    def _upload(self, local_id: str, stamp: str, item: Item | None) -> None:
        uid = item.uid if item is not None and item.uid else self.side.new_uid(local_id)
        body = self.side.body(local_id, uid)
        if body is None:
            return
        href = item.href if item is not None else self._new_href(local_id, uid)
        try:
            etag = self.client.put(
                href, body, self.side.content_type, etag=None if item is None else item.etag
            )
        except PreconditionFailed:
            self._refetch(href, local_id)
            return
        if not etag:
            etag = self.client.etag(href)
        self._remember(local_id, Item(href, etag, stamp, uid))
        self.report.uploaded.append(self.side.name(local_id))

    def _delete_there(self, local_id: str, item: Item) -> None:
        try:
            self.client.delete(item.href, item.etag)
        except PreconditionFailed:
            self._refetch(item.href, local_id)
            return
        self._forget(local_id)
        self.report.deleted_there.append(local_id)

    def _refetch(self, href: str, local_id: str) -> None:
        """The server's copy changed under us (412): read it and handle it as a change."""
        try:
            body, etag = self.client.get(href)
        except NotFound:
            # gone there meanwhile: forget the link; the next run sends ours again as new
            self._forget(local_id)
            return
        if not etag:
            etag = self.client.etag(href)
        self.remote_changed(href, etag, body)
