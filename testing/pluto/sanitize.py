#!/usr/bin/python3
"""Sanitise a scenario console before it is compared with its expectation.

Only what legitimately differs from run to run is replaced: times and
durations, SPIs, IKE SPIs, nonces, cookies and other long hex, hex dumps,
PIDs, ephemeral ports, SA serial numbers, temporary paths and the run's
namespace prefix.  Everything else must match exactly.

Console lines that echo a command (`west# ...`, and `> ...` for the
continuation lines of a multi-line command) come from the scenario's own
scripts, so the rules leave them alone.  A command can ask for extra rules
for its own output with a trailing shell comment, e.g.

    west# ip -s xfrm state    # sanitize: counters

OPTIONAL_RULES lists the names that can be asked for.  A scenario may
also hold a `sanitize.sed` (GNU sed -E syntax), run after these rules.

Use from the command line:

    sanitize.py [--sed FILE] [--subst VALUE=NAME]... < raw > sanitised

--subst replaces a literal string (the runner passes the output folder,
the test folder, the repository and the namespace prefix).
"""

import re
import subprocess
import sys

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"


def _ephemeral_port(match):
    """Ports from the kernel's ephemeral range vary; fixed ones (500, 4500,
    configured ports below 32768) are kept because they mean something."""
    return match.group(1) + ("EPHEMERAL" if int(match.group(2)) >= 32768
                             else match.group(2))


# (why, pattern, replacement), applied in order to every output line.
# Order matters: specific shapes (hex dumps, ping's rtt line) come before
# the generic ones that would otherwise eat part of them.
RULES = [
    ("hex dumps: 8 or more space-separated bytes",
     r"\b[0-9a-fA-F]{2}(?: [0-9a-fA-F]{2}){7,}\b", "HEXDUMP"),
    ("hex dumps: groups of 8 hex digits (32-bit words)",
     r"\b[0-9a-fA-F]{8}(?: [0-9a-fA-F]{8}){1,}\b", "HEXDUMP"),
    ("colon-separated byte strings longer than a MAC address (keys, hashes)",
     r"\b[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){7,}\b", "HEX"),
    ("ISO 8601 timestamps",
     r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?"
     r"(?:Z|[+-]\d{2}:?\d{2})?", "TIMESTAMP"),
    ("syslog timestamps",
     r"\b(?:" + MONTHS + r") [ \d]\d \d{2}:\d{2}:\d{2}(?:\.\d+)?", "TIMESTAMP"),
    ("clock times with fractions",
     r"\b\d{2}:\d{2}:\d{2}\.\d+\b", "TIME"),
    ("ping's round-trip summary",
     r"= [\d.]+/[\d.]+/[\d.]+/[\d.]+ ms", "= N/N/N/N ms"),
    ("sub-second durations: 12.3ms, time=0.045 ms, 250us",
     r"(?<![\w.])\d+(?:\.\d+)?( ?)(ns|us|µs|ms)\b", r"N\1\2"),
    ("fractional seconds: in 1.25s",
     r"(?<![\w.])\d+\.\d+( ?)s\b", r"N\1s"),
    ("IKE SPIs and cookies: 16 hex digits",
     r"\b(0x)?[0-9a-fA-F]{16}\b", r"\1IKESPI"),
    ("ESP/AH SPIs: 0x and 8 hex digits",
     r"\b0x[0-9a-fA-F]{8}\b", "0xSPISPI"),
    ("nonces, keys, other long hex strings",
     r"\b(0x)?[0-9a-fA-F]{20,}\b", r"\1HEX"),
    ("process IDs: pid 123, pid=123, pluto[123]:",
     r"\b(pid[ =:]\s*)\d+\b", r"\1PID"),
    ("process IDs in syslog-style tags",
     r"\b([A-Za-z_][\w.-]*)\[\d+\]:", r"\1[PID]:"),
    ("ephemeral ports after an IPv4 address",
     r"(\b\d{1,3}(?:\.\d{1,3}){3}:)(\d{1,5})\b", _ephemeral_port),
    ("ephemeral ports after a bracketed IPv6 address",
     r"(\[[0-9a-fA-F:.]+\]:)(\d{1,5})\b", _ephemeral_port),
    ("ephemeral ports spelled out",
     r"(\bport[ =])(\d{1,5})\b", _ephemeral_port),
    ("state serial numbers: #3",
     r"(?<![\w#&])#\d+\b", "#N"),
    ("mktemp names",
     r"(/tmp/tmp)\.[A-Za-z0-9]{6,}", r"\1.XXXXXX"),
    ("countdowns of pluto's status: expires in 3599s",
     r"\b(expires in )\d+s\b", r"\1Ns"),
    ("trafficstatus add_time: the kernel's SA creation time (Unix seconds);"
     " 0 (no kernel SA, protostack=none) stays",
     r"\b(add_time=)[1-9]\d*\b", r"\1TIME"),
]

# Rules a command asks for with `# sanitize: NAME[,NAME]`.
OPTIONAL_RULES = {
    # Traffic counters: numbers next to bytes/packets/octets, in either
    # order, plus the number rows of `ip -s` tables.
    "counters": [
        ("N bytes, 12 packets",
         r"\b\d+( ?)(bytes|packets|pkts|octets)\b", r"N\1\2"),
        ("bytes 12, packets=3, bytes: 4",
         r"\b(bytes|packets|pkts|octets)([ =:] ?)\d+\b", r"\1\2N"),
        ("trafficstatus: inBytes=12, outPackets=3",
         r"\b((?:in|out)(?:Bytes|Packets)=)\d+\b", r"\1N"),
        ("rows of numbers only (ip -s tables)",
         r"^(\s*)\d+(?:\s+\d+)+\s*$",
         lambda m: m.group(1) + re.sub(r"\d+", "N", m.group(0).strip())),
    ],
}

PROMPT = re.compile(r"^(?:[A-Za-z][\w-]*# |> )")
ASK = re.compile(r"#\s*sanitize:\s*([\w,-]+)\s*$")

_COMPILED = [(re.compile(p), r) for _, p, r in RULES]
_OPTIONAL = {name: [(re.compile(p, re.M), r) for _, p, r in rules]
             for name, rules in OPTIONAL_RULES.items()}


def sanitize_line(line, extra=()):
    for pattern, repl in _COMPILED:
        line = pattern.sub(repl, line)
    for name in extra:
        for pattern, repl in _OPTIONAL.get(name, ()):
            line = pattern.sub(repl, line)
    return line


def sanitize(text, substs=(), sed_file=None):
    """Return TEXT sanitised.  SUBSTS is a list of (value, name) pairs
    replaced literally everywhere (longest value first); SED_FILE is an
    optional extra sed -E script run last."""
    for value, name in sorted(substs, key=lambda s: -len(s[0])):
        if value:
            text = text.replace(value, name)
    out, extra = [], ()
    for line in text.split("\n"):
        if PROMPT.match(line):
            ask = ASK.search(line)
            if line.startswith("> "):
                extra = tuple(ask.group(1).split(",")) if ask else extra
            else:
                extra = tuple(ask.group(1).split(",")) if ask else ()
            out.append(line)
        else:
            out.append(sanitize_line(line, extra))
    text = "\n".join(out)
    if sed_file:
        text = subprocess.run(["sed", "-E", "-f", sed_file], input=text,
                              capture_output=True, text=True,
                              check=True).stdout
    return text


def unknown_asks(text):
    """Names asked for with `# sanitize:` that no optional rule has."""
    names = set()
    for line in text.split("\n"):
        ask = ASK.search(line) if PROMPT.match(line) else None
        if ask:
            names.update(n for n in ask.group(1).split(",")
                         if n not in OPTIONAL_RULES)
    return sorted(names)


def main(argv):
    substs, sed_file, args = [], None, list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--sed" and args:
            sed_file = args.pop(0)
        elif arg == "--subst" and args and "=" in args[0]:
            substs.append(tuple(args.pop(0).split("=", 1)))
        else:
            sys.stderr.write(__doc__)
            return 2
    sys.stdout.write(sanitize(sys.stdin.read(), substs, sed_file))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
