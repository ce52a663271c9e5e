"""A simulated aiohttp client: scripts written for aiohttp run unchanged on a virtual clock.

No socket is opened. A request costs the latency its URL has in loopscope.network (0.1 s by
default) as one wait of `delay` seconds, timed exactly as `await asyncio.sleep(delay)` and
shown in loopscope's trace as I/O labelled with the method and URL ("GET https://..."), taken
when the request is awaited
(`await session.get(url)` or `async with session.get(url) as resp`); reading the body
(`await resp.json()`, `await resp.text()`) then costs nothing and does not suspend. The
answer (status and body) comes from loopscope.network too: by default status 200 and the
JSON body {"url": url}.

Timeouts: a total timeout (ClientTimeout(total=...) on the session, or a request's timeout=,
a ClientTimeout or a number of seconds) shorter than the URL's delay makes the request wait
`total` seconds and raise asyncio.TimeoutError, as aiohttp does; equal to the delay, the
answer arrives. The session's default is aiohttp's: ClientTimeout(total=300); timeout=None
means no timeout.

What is simulated: ClientSession (async context manager, get/post/put/patch/delete/head/
request, close, closed), ClientResponse (status, reason, ok, url as a str, method, headers,
json, text, read, raise_for_status, release), ClientTimeout, ClientError and
ClientResponseError. Request bodies (json=, data=), headers and connectors are accepted and
ignored; json() parses the body text whatever its content type.
"""
import asyncio
import http
import json as _json
from urllib.parse import urlencode, urljoin

from loopscope import network
from loopscope._waits import io_wait

__all__ = ["ClientSession", "ClientResponse", "ClientTimeout", "ClientError",
           "ClientResponseError", "RequestInfo"]


class ClientError(Exception):
    """Base class of the client's errors."""


class RequestInfo:
    """The request an error or response belongs to."""

    __slots__ = ("url", "method", "headers", "real_url")

    def __init__(self, url, method, headers=None):
        self.url = self.real_url = url
        self.method = method
        self.headers = dict(headers or {})

    def __repr__(self):
        return f"RequestInfo(url={self.url!r}, method={self.method!r})"


class ClientResponseError(ClientError):
    """An error status (raise_for_status) or an unusable response."""

    def __init__(self, request_info, history=(), *, status=None, message="", headers=None):
        self.request_info = request_info
        self.history = history
        self.status = status if status is not None else 0
        self.message = message
        self.headers = headers
        super().__init__(request_info, history)

    def __str__(self):
        url = self.request_info.real_url if self.request_info is not None else None
        return f"{self.status}, message={self.message!r}, url={url!r}"

    def __repr__(self):
        return f"ClientResponseError({self.request_info!r}, {self.history!r})"


class ClientTimeout:
    """Timeouts in seconds; only `total` (the whole request) is simulated."""

    __slots__ = ("total", "connect", "sock_read", "sock_connect")

    def __init__(self, total=None, connect=None, sock_read=None, sock_connect=None):
        self.total = total
        self.connect = connect
        self.sock_read = sock_read
        self.sock_connect = sock_connect

    def __repr__(self):
        return (f"ClientTimeout(total={self.total}, connect={self.connect}, "
                f"sock_read={self.sock_read}, sock_connect={self.sock_connect})")


_DEFAULT_TIMEOUT = ClientTimeout(total=5 * 60)
_UNSET = object()


class ClientResponse:
    """A received response; the body is already there, so reading it never suspends."""

    def __init__(self, method, url, status, text):
        self.method = method
        self.url = url
        self.status = status
        try:
            self.reason = http.HTTPStatus(status).phrase
        except ValueError:
            self.reason = ""
        self.request_info = RequestInfo(url, method)
        self.history = ()
        self.headers = {"Content-Type": "application/json; charset=utf-8"}
        self._text = text
        self.closed = False

    @property
    def ok(self):
        """True when the status is below 400."""
        return self.status < 400

    async def text(self, encoding=None):
        """The body as a str."""
        return self._text

    async def read(self):
        """The body as bytes (UTF-8)."""
        return self._text.encode("utf-8")

    async def json(self, *, encoding=None, loads=_json.loads, content_type="application/json"):
        """The body parsed as JSON (a fresh object on each call)."""
        return loads(self._text)

    def raise_for_status(self):
        """Raises ClientResponseError when the status is 400 or more."""
        if self.status >= 400:
            raise ClientResponseError(self.request_info, self.history, status=self.status,
                                      message=self.reason, headers=self.headers)

    def release(self):
        """Gives the connection back (nothing to do in the simulation)."""
        self.closed = True

    def close(self):
        """Closes the response."""
        self.closed = True

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.release()

    def __repr__(self):
        return f"<ClientResponse({self.url}) [{self.status} {self.reason}]>"


class _RequestContextManager:
    """What session.get() returns: awaitable, or an async context manager releasing it."""

    __slots__ = ("_coro", "_resp")

    def __init__(self, coro):
        self._coro = coro
        self._resp = None

    def __await__(self):
        return self._coro.__await__()

    async def __aenter__(self):
        self._resp = await self._coro
        return self._resp

    async def __aexit__(self, exc_type, exc, tb):
        self._resp.release()


class ClientSession:
    """A client session; requests answer from loopscope.network after their delay."""

    def __init__(self, base_url=None, *, timeout=_UNSET, raise_for_status=False, headers=None,
                 **ignored):
        self._base_url = base_url
        self._timeout = _DEFAULT_TIMEOUT if timeout is _UNSET else timeout
        self._raise_for_status = raise_for_status
        self.headers = dict(headers or {})
        self._closed = False

    @property
    def closed(self):
        """True once close() was called."""
        return self._closed

    @property
    def timeout(self):
        """The session's ClientTimeout (None: no timeout)."""
        return self._timeout

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self.close()

    async def close(self):
        """Closes the session; later requests raise RuntimeError."""
        self._closed = True

    def request(self, method, url, **kwargs):
        """A request with any method."""
        return _RequestContextManager(self._request(method.upper(), url, **kwargs))

    def get(self, url, **kwargs):
        """A GET request."""
        return self.request("GET", url, **kwargs)

    def post(self, url, *, json=None, data=None, **kwargs):
        """A POST request; the body is accepted and ignored."""
        return self.request("POST", url, **kwargs)

    def put(self, url, *, json=None, data=None, **kwargs):
        """A PUT request; the body is accepted and ignored."""
        return self.request("PUT", url, **kwargs)

    def patch(self, url, *, json=None, data=None, **kwargs):
        """A PATCH request; the body is accepted and ignored."""
        return self.request("PATCH", url, **kwargs)

    def delete(self, url, **kwargs):
        """A DELETE request."""
        return self.request("DELETE", url, **kwargs)

    def head(self, url, **kwargs):
        """A HEAD request."""
        return self.request("HEAD", url, **kwargs)

    async def _request(self, method, url, *, params=None, timeout=_UNSET, raise_for_status=None,
                       **ignored):
        if self._closed:
            raise RuntimeError("Session is closed")
        url = self._full_url(url, params)
        reply = network.lookup(url)
        total = self._total(timeout)
        label = f"{method} {url}"
        if total is not None and total < reply.delay:
            await io_wait(total, label)
            raise asyncio.TimeoutError()
        await io_wait(reply.delay, label)
        resp = ClientResponse(method, url, reply.status, reply.text)
        if self._raise_for_status if raise_for_status is None else raise_for_status:
            resp.raise_for_status()
        return resp

    def _full_url(self, url, params):
        url = str(url)
        if self._base_url is not None:
            url = urljoin(str(self._base_url), url)
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params)
        return url

    def _total(self, timeout):
        if timeout is _UNSET:
            timeout = self._timeout
        if timeout is None:
            return None
        if isinstance(timeout, ClientTimeout):
            return timeout.total
        return float(timeout)
