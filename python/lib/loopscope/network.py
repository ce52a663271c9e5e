"""The simulated network behind loopscope's aiohttp: what each URL answers, and how fast.

Every request takes `delay` seconds of virtual time (a wait timed as asyncio.sleep when the
request is made, shown in the trace as I/O on "METHOD URL") and answers with a status and a
body. Unless a route says otherwise:

- delay 0.1 s (change it with set_default(delay=...)),
- status 200,
- a JSON body {"url": url}, its text json.dumps(body, ensure_ascii=False).

    import loopscope.network
    loopscope.network.route("https://api.example.com/slow", delay=2.5)
    loopscope.network.route("https://api.example.com/missing", status=404, text="not found")
    loopscope.network.route("https://api.example.com/user", json={"name": "大志"})

Routes match the request URL exactly (query string included), then the URL without its
query string. Routes and the default live for the whole script (across asyncio.run calls)
until reset().
"""
import json as _json

_DEFAULT_DELAY = 0.1

_routes = {}
_default_delay = _DEFAULT_DELAY


class Reply:
    """What one request gets: its latency, status and body text."""

    __slots__ = ("delay", "status", "text")

    def __init__(self, delay, status, text):
        self.delay = delay
        self.status = status
        self.text = text


def route(url, *, delay=None, json=None, text=None, status=200):
    """Overrides what `url` answers; delay None keeps the default delay at request time.

    The body is `text` if given, else json.dumps(json), else the default {"url": url}.
    """
    if delay is not None and delay < 0:
        raise ValueError("delay must be non-negative")
    _routes[url] = (delay, json, text, status)


def set_default(delay=_DEFAULT_DELAY):
    """Sets the latency of every URL without a route of its own (or a route with no delay)."""
    global _default_delay
    if delay < 0:
        raise ValueError("delay must be non-negative")
    _default_delay = delay


def reset():
    """Forgets every route and restores the default delay of 0.1 s."""
    global _default_delay
    _routes.clear()
    _default_delay = _DEFAULT_DELAY


def lookup(url):
    """The Reply for a request to `url`."""
    found = _routes.get(url)
    if found is None:
        found = _routes.get(url.split("?", 1)[0])
    delay, body, text, status = found if found is not None else (None, None, None, 200)
    if text is None:
        text = _json.dumps(body if body is not None else {"url": url}, ensure_ascii=False)
    return Reply(_default_delay if delay is None else delay, status, text)
