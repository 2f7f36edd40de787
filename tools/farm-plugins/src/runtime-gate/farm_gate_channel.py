"""The runtime gate's channel to the process that started it, which plugin code cannot write to
(issue 12).

The parent reads the gate's report, and the lines saying whose code runs now, from the gate's
stdout. Plugin code runs in this process: it could print a forged report ("no problem found"), or
a line naming another plugin's module, and then end the process, so that the crash is laid on
that plugin. So ``open_channel``, before any plugin code runs:

- reads a token the parent writes as the first line of stdin (run-backend-gate.ts,
  gate-session.ts); each line the gate writes carries it (``@@farm-runtime-gate-<kind>:<token>@@``),
  and the parent reads only lines that do;
- keeps the real stdout on a descriptor of its own and points descriptor 1 at stderr, so that
  ``print``, ``sys.__stdout__`` and ``os.write(1, …)`` from plugin code land in the gate's log.

Code that reaches into the interpreter could still find both (code analysis refuses it first:
the ``introspection`` rule, docs/security.md).
"""

import os
import sys

_channel = []  # [(stream, token)] once open


def open_channel() -> None:
    token = sys.stdin.readline().strip()
    private = os.dup(1)
    os.dup2(2, 1)
    stream = os.fdopen(private, "w", encoding="utf-8")
    _channel.append((stream, token))


def say(kind: str, text: str) -> None:
    """Writes one line ``@@farm-runtime-gate<kind>:<token>@@<text>`` (kind ``""`` for a report,
    ``"-importing"``, ``"-starting"``) and flushes it."""
    stream, token = _channel[0]
    stream.write("\n@@farm-runtime-gate%s:%s@@%s\n" % (kind, token, text))
    stream.flush()
