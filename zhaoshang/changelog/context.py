"""Where a change comes from: set once by the web middleware, an import or a job; defaults to the shell.

Services read this when they write the change log, so a change made from `manage.py shell` or a script is
recorded as 命令行 rather than lost, which is what a signal tied to web requests would do.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from zhaoshang.changelog.models import ChangeSource


@dataclass(frozen=True)
class ChangeContext:
    source: str = ChangeSource.SHELL
    ref: str = ""


_current: ContextVar[ChangeContext] = ContextVar("zhaoshang_change_context", default=ChangeContext())


def current_context() -> ChangeContext:
    return _current.get()


@contextmanager
def change_source(source: str, ref: str = ""):
    token = _current.set(ChangeContext(source=source, ref=ref))
    try:
        yield
    finally:
        _current.reset(token)
