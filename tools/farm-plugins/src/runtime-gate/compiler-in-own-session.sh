#!/bin/sh
# Usage: compiler-in-own-session.sh <compiler> <its arguments…>
# Starts TypeScript 7's compiler for the runtime gate in a session of its own, so the terminal's
# Ctrl-C (SIGINT to the foreground process group) does not reach it: the compiler answers SIGINT
# by cancelling its work and panicking with a Go stack trace on the user's terminal (its stderr is
# ours). This script stays in the group instead and, on SIGINT, SIGTERM or SIGHUP, ends the
# compiler with SIGKILL (which prints nothing) and exits; the gate's process then finds the
# compiler gone and its own handler reports the interrupt (interrupt.ts). Started through the
# launcher compiler-in-own-session.ts writes; stdin and stdout are the TypeScript API's pipes.
compiler=$1
shift
if ! command -v setsid >/dev/null 2>&1; then
  exec "$compiler" "$@"
fi
# Traps first: a signal before the compiler starts ends this script before it starts it.
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; exit 130' INT
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; exit 143' TERM
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; exit 129' HUP
# An asynchronous command of a non-interactive shell gets /dev/null as its stdin before its own
# redirections, so the API's pipe is passed on as fd 3. setsid execs in place (this script's
# child leads no process group), so $! is the compiler's pid.
exec 3<&0
setsid "$compiler" "$@" <&3 3<&- &
exec 3<&-
pid=$!
wait "$pid"
