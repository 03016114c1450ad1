#!/bin/sh
# The namespace scenarios of testing/pluto/ on this machine (see the
# README.md there); testing/check.sh runs it and reads its closing line,
# "pluto-host: N passed, N failed".  Needs root.  Arguments are passed on
# (e.g. a scenario name).
cd "$(dirname "$0")/../.." || exit 1
exec testing/pluto/run.sh "$@"
