#!/bin/sh
# Run the namespace scenarios: testing/pluto/run.sh --help, README.md.
# Debian's python3 when there is one (no pip packages are needed).
here=$(dirname "$0")
if [ -x /usr/bin/python3 ]; then
	exec /usr/bin/python3 "$here/runner.py" "$@"
fi
exec python3 "$here/runner.py" "$@"
