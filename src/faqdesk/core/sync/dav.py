"""A small WebDAV client for CardDAV and CalDAV collections (plain HTTP through ``requests``).

Only the standard requests a two-way sync needs: PROPFIND (properties, ETags of every
resource), REPORT ``sync-collection`` (RFC 6578: what changed since a sync token),
``addressbook-multiget`` / ``calendar-multiget`` (bodies of many resources in one answer),
conditional PUT and DELETE (``If-Match`` / ``If-None-Match``) and extended MKCOL to create a
collection. The request bodies are a few fixed XML templates; answers are parsed with
``defusedxml`` (no entities, no external references).

The client defends itself: redirects are never followed (a server that sends us elsewhere,
maybe to another host with our password, gets a clear message instead), every answer is read
up to :data:`MAX_RESPONSE_BYTES`, timeouts are always set, TLS certificates are verified.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from faqdesk.core.sync.errors import NotFound, PreconditionFailed, SyncError
from faqdesk.core.sync.watch import ConnectionWatch

if TYPE_CHECKING:  # requests is imported when a client is made: not at the app's start-up
    import requests


def _escape(text: str) -> str:
    """``text`` as XML character data (what ``xml.sax.saxutils.escape`` does, without importing
    ``urllib.request``, ``http.client`` and ``ssl`` at the app's start-up)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


DAV = "DAV:"
CARDDAV = "urn:ietf:params:xml:ns:carddav"
CALDAV = "urn:ietf:params:xml:ns:caldav"
CS = "http://calendarserver.org/ns/"
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
#: How long to wait to connect and between bytes of an answer (seconds).
DEFAULT_TIMEOUT = (10.0, 60.0)
#: The longest one request may take, however the server trickles its answer (seconds).
REQUEST_DEADLINE = 60.0
MULTIGET_BATCH = 200
_NAMESPACES = f'xmlns:D="{DAV}" xmlns:C="{CARDDAV}" xmlns:K="{CALDAV}" xmlns:S="{CS}"'
_XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


@dataclass(frozen=True)
class Resource:
    """One entry of a multistatus answer: its path, HTTP status and properties."""

    href: str
    status: int
    props: Mapping[str, Element] = field(default_factory=dict)

    def text(self, namespace: str, name: str) -> str | None:
        element = self.props.get(_tag(namespace, name))
        if element is None:
            return None
        return "".join(element.itertext())

    def has_type(self, namespace: str, name: str) -> bool:
        element = self.props.get(_tag(DAV, "resourcetype"))
        return element is not None and element.find(_tag(namespace, name)) is not None

    def href_of(self, namespace: str, name: str) -> str | None:
        element = self.props.get(_tag(namespace, name))
        if element is None:
            return None
        href = element.find(_tag(DAV, "href"))
        return None if href is None or not href.text else decoded_href(href.text.strip())


def normal_path(href: str) -> str:
    """The path of ``href`` (a path or a full URL), percent-decoded: one key per resource."""
    return unquote(urlsplit(href).path)


def decoded_href(href: str) -> str:
    """``href`` as the server wrote it with its path percent-decoded once; a full URL (or a
    ``//host/…`` one) keeps its host, so :meth:`DavClient.url` can refuse another server."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return urlunsplit((parts.scheme, parts.netloc, unquote(parts.path), "", ""))
    return unquote(parts.path)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), (parts.hostname or "").lower(), port or default


def _status_code(text: str | None) -> int:
    parts = (text or "").split()
    try:
        return int(parts[1])
    except (IndexError, ValueError):
        return 0


def parse_multistatus(body: bytes, where: str) -> list[Resource]:
    """The responses of a WebDAV multistatus answer; :class:`SyncError` for anything else."""
    try:
        root = ElementTree.fromstring(body)
    except Exception as exc:  # defusedxml raises ParseError and its own refusals
        raise SyncError("sync.error.garbage", url=where, detail=type(exc).__name__) from exc
    if root.tag != _tag(DAV, "multistatus"):
        raise SyncError("sync.error.garbage", url=where, detail=str(root.tag)[:80])
    resources: list[Resource] = []
    for response in root.findall(_tag(DAV, "response")):
        href_element = response.find(_tag(DAV, "href"))
        if href_element is None or not (href_element.text or "").strip():
            continue
        href = normal_path((href_element.text or "").strip())
        props: dict[str, Element] = {}
        status = _status_code(response.findtext(_tag(DAV, "status")))
        for propstat in response.findall(_tag(DAV, "propstat")):
            code = _status_code(propstat.findtext(_tag(DAV, "status")))
            prop = propstat.find(_tag(DAV, "prop"))
            if code == 200 and prop is not None:
                props.update((child.tag, child) for child in prop)
                status = status or 200
        resources.append(Resource(href, status or 200, props))
    return resources


def sync_token_of(body: bytes) -> str | None:
    """The ``sync-token`` element at the end of a sync-collection answer."""
    try:
        root = ElementTree.fromstring(body)
    except Exception:
        return None
    token = root.findtext(_tag(DAV, "sync-token"))
    return token.strip() if token else None


@dataclass
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes


class DavClient:
    """Talks to one server as one user; every method raises :class:`SyncError` on failure."""

    def __init__(
        self,
        base_url: str,
        user: str,
        password: str,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        max_bytes: int | None = None,
        request_deadline: float = REQUEST_DEADLINE,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = timeout
        self.request_deadline = request_deadline
        #: When (``time.monotonic()``) the whole job must end; None: no limit but per request.
        self.give_up_at: float | None = None
        self.max_bytes = max_bytes if max_bytes is not None else MAX_RESPONSE_BYTES
        import requests

        self._session = requests.Session()
        self._session.auth = (user, password)
        self._session.trust_env = False  # no proxies or .netrc passwords from the environment
        self._session.headers["User-Agent"] = "FAQDesk-sync"
        self._session.headers["Accept-Encoding"] = "identity"  # read as it arrives, undecoded
        self._watch = ConnectionWatch(self._session)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> DavClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def url(self, href: str) -> str:
        """The full URL of ``href`` (a percent-decoded path, or a full URL) on this server;
        :class:`SyncError` when it would lead to another scheme, host or port: the password
        goes to the account's server only."""
        full = urljoin(self.base_url, quote(href, safe="/@:+,;=~!$&'()*"))
        if _origin(full) != _origin(self.base_url):
            base = self.base_url
            raise SyncError("sync.error.other_host", url=base, target=full[:200])
        return full

    def path_of(self, href: str) -> str:
        """The percent-decoded path of ``href`` on this server (checked like :meth:`url`)."""
        return normal_path(self.url(href))

    # --- one request ------------------------------------------------------------------------

    def _too_slow(self, url: str, start: float) -> SyncError:
        if self.give_up_at is not None and self.give_up_at < start + self.request_deadline:
            # the whole job's time is up, not this request's
            return SyncError("sync.error.sync_too_long", url=url)
        return SyncError("sync.error.too_slow", url=url, seconds=round(time.monotonic() - start))

    def _until(self, start: float) -> float:
        """When the request started at ``start`` must be over."""
        until = start + self.request_deadline
        return until if self.give_up_at is None else min(until, self.give_up_at)

    def _read(self, response: requests.Response, url: str, start: float) -> bytes:
        """The body, read as it arrives (never waiting to fill a buffer), until the deadline."""
        chunks: list[bytes] = []
        size = 0
        raw = response.raw
        read1 = getattr(raw, "read1", None)
        while True:
            if time.monotonic() > self._until(start):
                raise self._too_slow(url, start)
            chunk = read1(65536) if read1 is not None else raw.read(65536)
            if self._watch.fired:  # cut off by the deadline: what came is not the answer
                raise self._too_slow(url, start)
            if not chunk:
                break
            size += len(chunk)
            if size > self.max_bytes:
                raise SyncError("sync.error.too_large", url=url, limit=self.max_bytes // 2**20)
            chunks.append(chunk)
        return self._decoded(b"".join(chunks), response.headers.get("Content-Encoding", ""), url)

    def _decoded(self, body: bytes, encoding: str, url: str) -> bytes:
        """``body`` unpacked when the server compressed it although we asked it not to (never
        more than :attr:`max_bytes`)."""
        encoding = encoding.strip().lower()
        if encoding not in ("gzip", "x-gzip", "deflate"):
            return body
        unpacker = zlib.decompressobj(zlib.MAX_WBITS | (16 if "gzip" in encoding else 0))
        try:
            plain = unpacker.decompress(body, self.max_bytes + 1)
        except zlib.error as exc:
            raise SyncError("sync.error.garbage", url=url, detail=f"{encoding}: {exc}") from exc
        if len(plain) > self.max_bytes:
            raise SyncError("sync.error.too_large", url=url, limit=self.max_bytes // 2**20)
        return plain

    def request(
        self,
        method: str,
        href: str,
        *,
        body: str | bytes | None = None,
        headers: Mapping[str, str] | None = None,
        ok: Iterable[int] = (200, 201, 204, 207),
    ) -> Answer:
        """One request; the answer when its status is in ``ok``, else a :class:`SyncError`."""

        url = self.url(href)
        data = body.encode("utf-8") if isinstance(body, str) else body
        start = time.monotonic()
        left = self._until(start) - start
        if left <= 0:
            raise self._too_slow(url, start)
        timeout = (min(self.timeout[0], left), min(self.timeout[1], left))
        try:
            with (
                self._watch.deadline(left),
                self._session.request(
                    method,
                    url,
                    data=data,
                    headers=dict(headers or {}),
                    timeout=timeout,
                    allow_redirects=False,
                    stream=True,
                ) as response,
            ):
                status = response.status_code
                wanted = status in ok or status == 207
                payload = self._read(response, url, start) if wanted else b""
                answer = Answer(status, dict(response.headers), payload)
        except SyncError:
            raise
        except Exception as exc:
            if self._watch.fired:  # the watch cut the connection: the deadline passed
                raise self._too_slow(url, start) from exc
            past = time.monotonic() >= self._until(start)
            slow = self._too_slow(url, start) if past else None
            raise _failure(exc, url, timeout, slow) from exc
        if self._watch.fired:
            raise self._too_slow(url, start)
        if status in ok:
            return answer
        raise _status_error(status, url, href, answer.headers, method)

    # --- WebDAV operations ------------------------------------------------------------------

    def propfind(self, href: str, props: str, depth: int) -> list[Resource]:
        body = f"{_XML_HEAD}<D:propfind {_NAMESPACES}><D:prop>{props}</D:prop></D:propfind>"
        answer = self.request(
            "PROPFIND",
            href,
            body=body,
            headers={"Depth": str(depth), "Content-Type": "application/xml; charset=utf-8"},
            ok=(207,),
        )
        return parse_multistatus(answer.body, self.url(href))

    def changes(self, href: str, token: str) -> tuple[list[Resource], str | None]:
        """What changed in the collection since ``token`` ("" for everything): resources with
        their ETags (status 200) or gone (status 404), and the new token. Raises
        :class:`SyncError` ``sync.error.token`` when the server no longer knows the token."""
        body = (
            f"{_XML_HEAD}<D:sync-collection {_NAMESPACES}>"
            f"<D:sync-token>{_escape(token)}</D:sync-token><D:sync-level>1</D:sync-level>"
            "<D:prop><D:getetag/></D:prop></D:sync-collection>"
        )
        headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
        try:
            answer = self.request("REPORT", href, body=body, headers=headers, ok=(207,))
        except SyncError as exc:
            if exc.code in ("sync.error.forbidden", "sync.error.status") and token:
                raise SyncError("sync.error.token", url=self.url(href)) from exc
            raise
        resources = parse_multistatus(answer.body, self.url(href))
        return resources, sync_token_of(answer.body)

    def multiget(self, href: str, hrefs: list[str], calendar: bool) -> Iterator[Resource]:
        """The resources ``hrefs`` of the collection with their ETag and body, in batches."""
        if calendar:
            report, data = "K:calendar-multiget", "<K:calendar-data/>"
        else:
            report, data = "C:addressbook-multiget", "<C:address-data/>"
        headers = {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"}
        for start in range(0, len(hrefs), MULTIGET_BATCH):
            batch = hrefs[start : start + MULTIGET_BATCH]
            listed = "".join(f"<D:href>{_escape(quote(item))}</D:href>" for item in batch)
            body = (
                f"{_XML_HEAD}<{report} {_NAMESPACES}><D:prop><D:getetag/>{data}</D:prop>"
                f"{listed}</{report}>"
            )
            answer = self.request("REPORT", href, body=body, headers=headers, ok=(207,))
            yield from parse_multistatus(answer.body, self.url(href))

    def get(self, href: str) -> tuple[str, str]:
        """The body and ETag of one resource."""
        answer = self.request("GET", href, ok=(200,))
        return answer.body.decode("utf-8", "replace"), answer.headers.get("ETag", "")

    def put(self, href: str, body: str, content_type: str, *, etag: str | None) -> str:
        """Create (``etag`` None: only if absent) or replace (only if still ``etag``) a
        resource; returns its new ETag ("" when the server sent none)."""
        headers = {"Content-Type": content_type}
        if etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        answer = self.request("PUT", href, body=body, headers=headers, ok=(200, 201, 204))
        return answer.headers.get("ETag", "")

    def delete(self, href: str, etag: str) -> None:
        """Delete a resource if it is still ``etag``; a resource already gone is fine."""
        try:
            self.request("DELETE", href, headers={"If-Match": etag}, ok=(200, 204))
        except NotFound:
            return

    def etag(self, href: str) -> str:
        found = self.propfind(href, "<D:getetag/>", 0)
        return next((r.text(DAV, "getetag") or "" for r in found if r.status == 200), "")

    def make_collection(self, href: str, resource_type: str, name: str, extra: str = "") -> None:
        """Create a collection with extended MKCOL (RFC 5689)."""
        body = (
            f"{_XML_HEAD}<D:mkcol {_NAMESPACES}><D:set><D:prop><D:resourcetype><D:collection/>"
            f"{resource_type}</D:resourcetype><D:displayname>{_escape(name)}</D:displayname>"
            f"{extra}</D:prop></D:set></D:mkcol>"
        )
        headers = {"Content-Type": "application/xml; charset=utf-8"}
        self.request("MKCOL", href, body=body, headers=headers, ok=(200, 201))


def _failure(
    exc: Exception, url: str, timeout: tuple[float, float], slow: SyncError | None
) -> SyncError:
    """What a failed request means for the user; ``slow``: the error to give when a timeout
    came after the deadline (None: before it). Anything unexpected is raised again."""
    import requests  # imported when a client exists (not at the app's start-up)
    import urllib3

    if isinstance(exc, requests.exceptions.SSLError):
        return SyncError("sync.error.tls", url=url, detail=_short(exc))
    if isinstance(exc, requests.exceptions.Timeout | urllib3.exceptions.ReadTimeoutError):
        return slow or SyncError("sync.error.timeout", url=url, seconds=int(timeout[1]))
    if isinstance(exc, requests.exceptions.ConnectionError):
        return SyncError("sync.error.down", url=url)
    if isinstance(exc, requests.exceptions.RequestException | urllib3.exceptions.HTTPError):
        return SyncError("sync.error.http", url=url, detail=_short(exc))
    if isinstance(exc, OSError):  # reading the body
        return SyncError("sync.error.http", url=url, detail=_short(exc))
    raise exc


def _short(error: BaseException) -> str:
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


def _status_error(
    status: int, url: str, href: str, headers: Mapping[str, Any], method: str = ""
) -> SyncError:
    if status == 501 or (status == 405 and method in ("PROPFIND", "REPORT")):
        # a web server that does not speak WebDAV at all (e.g. python -m http.server)
        return SyncError("sync.error.not_dav", url=url, status=status)
    if status == 401:
        return SyncError("sync.error.unauthorized", url=url)
    if status == 403:
        return SyncError("sync.error.forbidden", url=url)
    if status in (404, 410):
        return NotFound(href)
    if status == 412:
        return PreconditionFailed(href)
    if 300 <= status < 400:
        location = str(headers.get("Location", ""))[:200]
        return SyncError("sync.error.redirect", url=url, location=location or "?")
    if status == 507 or status == 413:
        return SyncError("sync.error.full", url=url, status=status)
    if status >= 500:
        return SyncError("sync.error.server", url=url, status=status)
    return SyncError("sync.error.status", url=url, status=status)
