#!/usr/bin/python3
"""Namespace scenario runner for testing/pluto/ (see README.md there).

    testing/pluto/run.sh [--keep] [--update] [--timeout S] [--vm]
                         [--builddir DIR] [--output DIR] [--sweep] [NAME...]

Each scenario runs on hosts that are network namespaces joined by veth
pairs, each with private mounts (/run, /tmp, /etc, /var).  Every host
gets one persistent shell, its console; the scenario's scripts are fed
to the consoles one command at a time, echoed as `west# cmd` before
their output, and each host's console is compared, sanitised, with the
scenario's expectation.

Only the Python standard library, iproute2, util-linux (unshare,
nsenter) and a shell are used, so the same runner works on the machine
and inside the test VM.
"""

import difflib
import ipaddress
import os
import re
import secrets
import select
import shlex
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import sanitize  # noqa: E402  (lives next to this file)

NS_PREFIX = "plutotest"
PHASES = ("init", "run", "final")
DEFAULT_TIMEOUT = 60
# Every address a topology may use: documentation prefixes only (a
# default route is spelled `default`).
ALLOWED_NETS = [ipaddress.ip_network(n) for n in
                ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
                 "2001:db8::/32")]
# Sysctls set on every host before its interfaces exist: no IPv6 duplicate
# address detection (addresses are usable at once and `ip addr` never
# shows "tentative"), no router solicitations (no stray traffic).
HOST_SYSCTLS = ["net.ipv6.conf.all.accept_dad=0",
                "net.ipv6.conf.default.accept_dad=0",
                "net.ipv6.conf.all.router_solicitations=0",
                "net.ipv6.conf.default.router_solicitations=0"]
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
PASSED_ENV = ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "PLUTO_WRAPPER")
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


class ScenarioError(Exception):
    """The scenario cannot run as written (a bad file, a failed setup)."""


class ScenarioTimeout(Exception):
    """The scenario's time ran out."""


class Interrupted(Exception):
    """SIGTERM or SIGHUP: treated like Ctrl-C."""


# ---------------------------------------------------------------- helpers

class Deadline:
    def __init__(self, seconds):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self):
        left = self.end - time.monotonic()
        if left <= 0:
            raise ScenarioTimeout(f"timed out after {self.seconds}s")
        return left


class Log:
    """The scenario's runner.log: every setup command and its output."""

    def __init__(self, path):
        self.file = open(path, "w", encoding="utf-8")
        self.start = time.monotonic()

    def __call__(self, msg):
        self.file.write(f"[{time.monotonic() - self.start:7.3f}] {msg}\n")
        self.file.flush()

    def close(self):
        self.file.close()


def sh(argv, log, deadline=None, check=True, env=None):
    """Run a setup command, log it; raise ScenarioError when it fails."""
    log("+ " + " ".join(shlex.quote(a) for a in argv))
    try:
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, env=env,
                              timeout=deadline.left() if deadline else 30)
    except subprocess.TimeoutExpired:
        raise ScenarioTimeout("timed out in: " + " ".join(argv))
    out = (proc.stdout + proc.stderr).strip()
    if out:
        log(out)
    if check and proc.returncode != 0:
        raise ScenarioError(f"{' '.join(argv)}: exit {proc.returncode}: {out}")
    return proc


def read_words(path):
    with open(path, encoding="utf-8") as f:
        return [w for line in f for w in line.split("#", 1)[0].split()]


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# --------------------------------------------------------------- topology

class Topology:
    """A small data file, one directive a line (README.md, "Topology")."""

    def __init__(self, path):
        self.hosts = []         # host names, in declaration order
        self.steps = []         # (directive, args, file the line came from)
        self._load(path, set())

    def _load(self, path, seen):
        if path in seen:
            raise ScenarioError(f"{path}: included twice")
        seen.add(path)
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                words = line.split("#", 1)[0].split()
                if not words:
                    continue
                where = f"{os.path.relpath(path, REPO)}:{n}"
                self._directive(words[0], words[1:], where, path, seen)

    def _directive(self, what, args, where, path, seen):
        if what == "include" and len(args) == 1:
            self._load(os.path.join(HERE, "topologies", args[0]), seen)
            return
        arity = {"host": 1, "veth": 4, "dummy": 2, "addr": 3,
                 "route": 2, "sysctl": 2, "run": 2}
        if what not in arity or len(args) < arity[what]:
            raise ScenarioError(f"{where}: bad directive: {what} {' '.join(args)}")
        if what == "host":
            for h in args:
                if not re.fullmatch(r"[a-z][a-z0-9]{0,11}", h) or h in self.hosts:
                    raise ScenarioError(f"{where}: bad or duplicate host {h}")
                self.hosts.append(h)
            return
        named = [args[0], args[2]] if what == "veth" else [args[0]]
        for h in named:
            if h not in self.hosts:
                raise ScenarioError(f"{where}: unknown host {h}")
        if what in ("addr", "dummy", "route"):
            check_addresses(args[2:] if what != "route" else args[1:], where)
        self.steps.append((what, args, os.path.dirname(path)))


def check_addresses(words, where):
    """Refuse any address outside the documentation prefixes."""
    for w in words:
        try:
            net = ipaddress.ip_network(w, strict=False)
        except ValueError:
            continue
        if not any(net.version == a.version and net.subnet_of(a)
                   for a in ALLOWED_NETS):
            raise ScenarioError(f"{where}: {w} is not a documentation address")


class Network:
    """The namespaces of one scenario: built from a Topology, torn down
    with every process inside them."""

    def __init__(self, prefix, topo, log):
        self.prefix = prefix
        self.topo = topo
        self.log = log
        self.created = []       # namespaces that exist now
        self.holders = {}       # host -> Popen of its holder
        self.macs = {}          # host -> interfaces made so far

    def ns(self, host):
        return f"{self.prefix}-{host}"

    def _mac(self, host):
        n = self.macs[host] = self.macs.get(host, 0) + 1
        return "02:00:00:00:%02x:%02x" % (self.topo.hosts.index(host) + 1, n)

    def build(self, deadline):
        for host in self.topo.hosts:
            # listed first: an interrupted `ip netns add` may still have made it
            self.created.append(self.ns(host))
            sh(["ip", "netns", "add", self.ns(host)], self.log, deadline)
            sh(["ip", "netns", "exec", self.ns(host), "sysctl", "-q", "-w"]
               + HOST_SYSCTLS, self.log, deadline)
            sh(["ip", "-n", self.ns(host), "link", "set", "lo", "up"],
               self.log, deadline)
        for what, args, topodir in self.topo.steps:
            for argv in self._commands(what, args):
                env = dict(os.environ, TOPODIR=topodir) if what == "run" else None
                sh(argv, self.log, deadline, env=env)

    def _commands(self, what, args):
        ns = self.ns(args[0])
        if what == "veth":
            (h1, i1, h2, i2) = args[:4]
            return [["ip", "link", "add", i1, "netns", self.ns(h1),
                     "address", self._mac(h1), "type", "veth", "peer",
                     "name", i2, "netns", self.ns(h2), "address", self._mac(h2)],
                    ["ip", "-n", self.ns(h1), "link", "set", i1, "up"],
                    ["ip", "-n", self.ns(h2), "link", "set", i2, "up"]]
        if what == "dummy":
            # An address holder that sends nothing anywhere.  The kernel's
            # dummy device is not in every kernel (not on the build
            # machines); ifb is, and with nothing redirected to it it
            # behaves the same.  No queue (and no qlen): kernels differ in
            # the default qdisc they would attach, and `ip addr` shows it.
            return ([["ip", "-n", ns, "link", "add", args[1], "address",
                      self._mac(args[0]), "txqueuelen", "0", "type", "ifb"]]
                    + self._commands("addr", args)
                    + [["ip", "-n", ns, "link", "set", args[1], "up"],
                       ["tc", "-n", ns, "qdisc", "replace", "dev", args[1],
                        "root", "noqueue"]])
        if what == "addr":
            return [["ip", "-n", ns, "addr", "add", a, "dev", args[1]]
                    + (["nodad"] if ":" in a else []) for a in args[2:]]
        if what == "route":
            family = ["-6"] if any(":" in a for a in args[1:]) else []
            return [["ip", "-n", ns] + family + ["route", "add"] + args[1:]]
        if what == "sysctl":
            return [["ip", "netns", "exec", ns, "sysctl", "-q", "-w"] + args[1:]]
        if what == "run":
            return [["ip", "netns", "exec", ns, "sh", "-c", " ".join(args[1:])]]
        raise AssertionError(what)

    def start_holders(self, testdir, outdir, deadline):
        for host in self.topo.hosts:
            argv = ["ip", "netns", "exec", self.ns(host), "unshare", "--uts",
                    "--", "/bin/sh", os.path.join(HERE, "hostsetup.sh"),
                    host, testdir, outdir, REPO]
            self.log("+ " + " ".join(argv))
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE,
                                    start_new_session=True)
            self.holders[host] = proc
            line = read_line(proc.stdout, deadline)
            if line.strip() != b"ready":
                err = proc.stderr.read1(65536) if proc.poll() is not None else b""
                raise ScenarioError(f"setting up host {host} failed: "
                                    + (line + err).decode(errors="replace").strip())
            proc.stdout.close()
            proc.stderr.close()

    def enter_command(self, host):
        return f"nsenter -t {self.holders[host].pid} -n -m -u bash"

    def teardown(self):
        for ns in list(self.created):
            kill_netns(ns, self.log)
            self.created.remove(ns)
        for proc in self.holders.values():
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.log(f"holder {proc.pid} did not exit")


def read_line(pipe, deadline):
    buf = b""
    while not buf.endswith(b"\n"):
        ready, _, _ = select.select([pipe], [], [], deadline.left())
        if not ready:
            continue
        chunk = os.read(pipe.fileno(), 1)
        if not chunk:
            break
        buf += chunk
    return buf


def kill_netns(ns, log):
    """Kill every process in namespace NS, then delete it (and with it its
    veth ends and dummy interfaces)."""
    for _ in range(20):
        proc = subprocess.run(["ip", "netns", "pids", ns], capture_output=True,
                              text=True)
        pids = [int(p) for p in proc.stdout.split()]
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)
    else:
        log(f"processes left in {ns}")
    proc = subprocess.run(["ip", "netns", "del", ns], capture_output=True,
                          text=True)
    log(f"deleted {ns}" if proc.returncode == 0 else
        f"ip netns del {ns}: {proc.stderr.strip()}")


def sweep(log=print):
    """Remove this project's namespaces left by runs that are gone (a
    crash, a kill -9, a --keep): never those of a run still going."""
    proc = subprocess.run(["ip", "netns", "list"], capture_output=True,
                          text=True)
    for line in proc.stdout.splitlines():
        name = line.split(" ")[0]
        m = re.match(NS_PREFIX + r"-(\d+)-", name)
        if m and not runner_alive(int(m.group(1))):
            log(f"sweeping stale namespace {name}")
            kill_netns(name, lambda msg: None)


def runner_alive(pid):
    if pid == os.getpid():
        return True
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"runner.py" in f.read()
    except OSError:
        return False


# ---------------------------------------------------------------- console

class Console:
    """One host's persistent shell inside the host's namespaces."""

    def __init__(self, host, holder_pid, env, deadline):
        self.host = host
        self.marker = ("\x01PLUTO-DONE-" + secrets.token_hex(8)).encode()
        self.buf = b""          # read from the shell, not yet returned
        self.partial = ""       # output of a command that timed out
        self.proc = subprocess.Popen(
            ["nsenter", "-t", str(holder_pid), "-n", "-m", "-u", "--",
             "/bin/bash", "--noprofile", "--norc"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, env=env, start_new_session=True)
        # Each command runs through eval so it can span lines and keep
        # its effects (cd, variables) for later commands, like a console;
        # stdin is /dev/null so no command can eat the runner's input.
        self._send('exec 2>&1; cd "$TESTDIR" || exit 1\n'
                   "__pluto_run() { eval \"$1\" </dev/null; "
                   "printf '\\n%s %d\\n' '" + self.marker.decode()
                   + "' $?; }\n")
        self.run("true", deadline)

    def _send(self, text):
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass

    def run(self, command, deadline):
        """Run COMMAND; return (output, exit status).  Output that arrives
        after a command ended (a background job) goes with the next one."""
        self._send("__pluto_run " + shlex.quote(command) + "\n")
        done = re.compile(b"\n" + re.escape(self.marker) + b" (\\d+)\n")
        fd = self.proc.stdout.fileno()
        while not done.search(self.buf):
            try:
                left = deadline.left()
            except ScenarioTimeout:
                self.partial, self.buf = self.buf.decode(errors="replace"), b""
                raise
            ready, _, _ = select.select([fd], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise ScenarioError(f"the console of {self.host} exited "
                                        f"during: {command}\n"
                                        + self.buf.decode(errors="replace"))
                self.buf += chunk
        m = done.search(self.buf)
        out, self.buf = self.buf[:m.start()], self.buf[m.end():]
        return out.decode(errors="replace"), int(m.group(1))

    def kill(self, group=True):
        """Kill the shell; with GROUP, also what it started in the
        background (not with --keep: daemons stay up)."""
        try:
            if group:
                os.killpg(self.proc.pid, signal.SIGKILL)
            else:
                os.kill(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass


def split_commands(text):
    """Split a host script into the commands a person would type: a line,
    or several when a command spans lines (if/fi, here-documents, quotes,
    trailing backslash).  Blank lines and comment lines are dropped."""
    commands, buf = [], []
    lines = text.split("\n")
    for line in lines:
        if not buf and (not line.strip() or line.lstrip().startswith("#")):
            continue
        buf.append(line)
        if line.endswith("\\"):
            continue
        state = syntax_state("\n".join(buf))
        if state == "incomplete":
            continue
        commands.append("\n".join(buf))
        buf = []
    if buf:     # never completed: run it anyway, the shell says why
        commands.append("\n".join(buf))
    return commands


def syntax_state(code):
    proc = subprocess.run(["bash", "-n"], input=code, capture_output=True,
                          text=True)
    if ("unexpected end of file" in proc.stderr
            or "unexpected EOF" in proc.stderr
            or "delimited by end-of-file" in proc.stderr):
        return "incomplete"
    return "ok" if proc.returncode == 0 else "error"


# --------------------------------------------------------------- scenario

class Scenario:
    def __init__(self, name, mode):
        self.name = name
        self.dir = os.path.join(HERE, name)
        self.mode = mode
        if not os.path.isfile(os.path.join(self.dir, "hosts")):
            raise ScenarioError(f"no scenario {name} (no {self.rel('hosts')})")
        if not os.path.isfile(os.path.join(self.dir, "description.txt")):
            raise ScenarioError(f"{self.rel('description.txt')} is missing")
        self.hosts = read_words(self.path("hosts"))
        topo = self.path("topology")
        self.topology = Topology(topo if os.path.exists(topo) else
                                 os.path.join(HERE, "topologies", "standard"))
        for h in self.hosts:
            if h not in self.topology.hosts:
                raise ScenarioError(f"host {h} is not in the topology")
        self.expect_fail = self._optional_text("expect-fail")
        self.modes = (read_words(self.path("modes"))
                      if os.path.exists(self.path("modes")) else ["host", "vm"])
        self.timeout = (int(read_words(self.path("timeout"))[0])
                        if os.path.exists(self.path("timeout")) else None)
        self.steps = self._steps()

    def path(self, name):
        return os.path.join(self.dir, name)

    def rel(self, name):
        return os.path.relpath(self.path(name), REPO)

    def _optional_text(self, name):
        if not os.path.exists(self.path(name)):
            return None
        return " ".join(read_text(self.path(name)).split()) or name

    def _steps(self):
        """(host, phase) in run order: the `steps` file, or every init,
        then every run, then every final, each in `hosts` order."""
        scripts = {}
        for f in os.listdir(self.dir):
            m = re.fullmatch(r"([a-z][a-z0-9]*)\.([a-z][a-z0-9]*)\.sh", f)
            if m:
                if m.group(1) not in self.hosts:
                    raise ScenarioError(f"{self.rel(f)}: host {m.group(1)} "
                                        "is not in hosts")
                scripts[(m.group(1), m.group(2))] = f
        if os.path.exists(self.path("steps")):
            steps = []
            for w in read_words(self.path("steps")):
                host, _, phase = w.partition(".")
                if (host, phase) not in scripts:
                    raise ScenarioError(f"steps: no script {w}.sh")
                steps.append((host, phase))
            return steps
        steps = [(h, p) for p in PHASES for h in self.hosts if (h, p) in scripts]
        unused = set(scripts) - set(steps)
        if unused:
            raise ScenarioError("scripts outside init/run/final need a steps "
                                "file: " + " ".join(f"{h}.{p}.sh" for h, p in sorted(unused)))
        return steps

    def expected_path(self, host):
        """The expectation for HOST: HOST.console.MODE.txt when the mode
        needs its own, else HOST.console.txt."""
        own = self.path(f"{host}.console.{self.mode}.txt")
        return own if os.path.exists(own) else self.path(f"{host}.console.txt")


class Run:
    """Options and tallies of one runner invocation."""

    def __init__(self, opts):
        self.opts = opts
        self.prefix = f"{NS_PREFIX}-{os.getpid()}-{secrets.token_hex(2)}"
        self.count = 0
        self.passed, self.failed, self.xfail, self.skipped = [], [], [], []

    def env(self, scenario, host, outdir):
        build = os.path.join(REPO, self.opts.builddir)
        progs = sorted(os.path.join(build, "programs", p)
                       for p in (os.listdir(os.path.join(build, "programs"))
                                 if os.path.isdir(os.path.join(build, "programs"))
                                 else []))
        path = [os.path.join(REPO, "programs", "ipsec")] + progs
        if os.path.isdir(os.path.join(HERE, "bin")):
            path.append(os.path.join(HERE, "bin"))
        env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
        env.update(HOST=host, TESTNAME=scenario.name, TESTDIR=scenario.dir,
                   OUTDIR=outdir, REPO=REPO, BUILD=build,
                   TESTMODE=self.opts.mode, PATH=":".join(path + [SYSTEM_PATH]),
                   HOME="/tmp", TERM="dumb", LC_ALL="C", TZ="UTC")
        return env


def run_scenario(run, name):
    """Run one scenario; return (verdict, reason, diff text, expect-fail
    reason or None)."""
    scenario = Scenario(name, run.opts.mode)
    if run.opts.mode not in scenario.modes:
        why = ": needs kernel ESP, which the host kernel lacks" if scenario.modes == ["vm"] else ""
        return "SKIP", f"{'/'.join(scenario.modes)} only{why}", "", None
    outdir = os.path.join(run.opts.output, name)
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    for h in scenario.topology.hosts:
        os.makedirs(os.path.join(outdir, h))
    log = Log(os.path.join(outdir, "runner.log"))
    run.count += 1
    prefix = f"{run.prefix}-{run.count}"
    net = Network(prefix, scenario.topology, log)
    consoles, raw = {}, {h: [] for h in scenario.hosts}
    problem = None
    seconds = run.opts.timeout or scenario.timeout or DEFAULT_TIMEOUT
    deadline = Deadline(seconds)
    keep = False
    try:
        net.build(deadline)
        net.start_holders(scenario.dir, outdir, deadline)
        for h in scenario.hosts:
            consoles[h] = Console(h, net.holders[h].pid,
                                  run.env(scenario, h, outdir), deadline)
        with open(os.path.join(outdir, "console.txt"), "w") as everything:
            problem = run_steps(scenario, consoles, raw, everything, deadline, log)
        keep = run.opts.keep
    except ScenarioTimeout as e:
        problem = str(e)
    except ScenarioError as e:
        problem = str(e)
    finally:
        # Clean-up must finish: a second Ctrl-C would leave namespaces.
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        for c in consoles.values():
            c.kill(group=not keep)
        if keep:
            print(f"kept {name}: namespaces {prefix}-*; enter a host with:")
            for h in scenario.topology.hosts:
                print(f"  {h}: {net.enter_command(h)}")
            print("  clean up with: testing/pluto/run.sh --sweep")
        else:
            net.teardown()
        log.close()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    return judge(run, scenario, outdir, raw, prefix, problem) + (scenario.expect_fail,)


def run_steps(scenario, consoles, raw, everything, deadline, log):
    """Feed every step's script to its host's console; return a problem
    (a timeout) or None."""
    for host, phase in scenario.steps:
        script = scenario.path(f"{host}.{phase}.sh")
        log(f"{host}.{phase}.sh")
        for command in split_commands(read_text(script)):
            lines = command.split("\n")
            echo = [f"{host}# {lines[0]}"] + [f"> {l}" for l in lines[1:]]
            raw[host].extend(echo)
            everything.write("\n".join(echo) + "\n")
            everything.flush()
            try:
                out, status = consoles[host].run(command, deadline)
            except ScenarioTimeout as e:
                partial = getattr(consoles[host], "partial", "")
                raw[host].extend(partial.rstrip("\n").split("\n") if partial else [])
                raw[host].append("(timed out)")
                return f"{e} in {host}.{phase}.sh at: {lines[0]}"
            if out:
                out_lines = (out[:-1] if out.endswith("\n") else out).split("\n")
                raw[host].extend(out_lines)
                everything.write("\n".join(out_lines) + "\n")
            if status:
                raw[host].append(f"(exit {status})")
                everything.write(f"(exit {status})\n")
    return None


def judge(run, scenario, outdir, raw, prefix, problem):
    """Sanitise and compare the consoles; update them when asked."""
    substs = [(outdir, "$OUTDIR"), (scenario.dir, "$TESTDIR"), (REPO, "$REPO"),
              (prefix + "-", "NS-")]
    sed = scenario.path("sanitize.sed")
    sed = sed if os.path.exists(sed) else None
    diffs, updated = [], []
    for host in scenario.hosts:
        text = "\n".join(raw[host]) + "\n" if raw[host] else ""
        with open(os.path.join(outdir, f"{host}.console.raw"), "w") as f:
            f.write(text)
        clean = sanitize.sanitize(text, substs, sed)
        unknown = sanitize.unknown_asks(text)
        if unknown:
            problem = problem or f"unknown sanitize rule: {' '.join(unknown)}"
        with open(os.path.join(outdir, f"{host}.console.txt"), "w") as f:
            f.write(clean)
        want_path = scenario.expected_path(host)
        want = read_text(want_path) if os.path.exists(want_path) else None
        if want == clean or (want is None and clean == ""):
            continue
        rel = os.path.relpath(want_path, REPO)
        diff = "".join(difflib.unified_diff(
            (want or "").splitlines(True), clean.splitlines(True),
            rel, f"OUTPUT: {host}.console.txt"))
        with open(os.path.join(outdir, f"{host}.console.diff"), "w") as f:
            f.write(diff)
        if (run.opts.update and problem is None and not scenario.expect_fail):
            with open(update_path(scenario, host), "w") as f:
                f.write(clean)
            updated.append(os.path.relpath(update_path(scenario, host), REPO))
            continue
        if want is None:
            diff = f"(no {rel}: review the output, then run with --update)\n" + diff
        diffs.append(diff)
    for path in updated:
        print(f"  updated {path}")
    if run.opts.update and scenario.expect_fail and diffs:
        print(f"  not updated: {scenario.name} is marked expect-fail")
    failed = problem is not None or bool(diffs)
    reason = problem or ("console differs" if diffs else "")
    with open(os.path.join(outdir, "RESULT"), "w") as f:
        f.write(("FAIL: " + reason if failed else "ok") + "\n")
    return ("FAIL" if failed else "ok"), reason, "".join(diffs)


def update_path(scenario, host):
    if scenario.mode == "host":
        return scenario.path(f"{host}.console.txt")
    return scenario.path(f"{host}.console.{scenario.mode}.txt")


# ------------------------------------------------------------------ main

def list_scenarios():
    return sorted(d for d in os.listdir(HERE)
                  if os.path.isfile(os.path.join(HERE, d, "hosts")))


def report(run, name, verdict, reason, diff, scenario_xfail):
    if verdict == "SKIP":
        run.skipped.append(name)
        print(f"SKIP {name} ({reason})")
    elif scenario_xfail and verdict == "FAIL":
        run.xfail.append(name)
        run.passed.append(name)
        print(f"XFAIL {name} ({scenario_xfail})")
    elif scenario_xfail:
        run.failed.append(name)
        print(f"FAIL {name} (unexpected pass; expect-fail says: {scenario_xfail})")
    elif verdict == "ok":
        run.passed.append(name)
        print(f"ok {name}")
    else:
        run.failed.append(name)
        print(f"FAIL {name} ({reason.splitlines()[0] if reason else ''})")
        for line in reason.splitlines()[1:]:
            print("  " + line)
        lines = diff.splitlines()
        for line in lines[:200]:
            print(line)
        if len(lines) > 200:
            print(f"... {len(lines) - 200} more lines in "
                  f"{os.path.relpath(os.path.join(run.opts.output, name), REPO)}/")
    sys.stdout.flush()


class Options:
    def __init__(self, argv):
        self.keep = self.update = self.vm = self.sweep_only = False
        self.timeout = None
        self.mode = "host"
        self.builddir = os.environ.get("BUILDDIR", "build")
        self.output = os.environ.get("PLUTO_OUTPUT")
        self.suite = None
        self.names = []
        args = list(argv)
        while args:
            a = args.pop(0)
            if a == "--keep":
                self.keep = True
            elif a == "--update":
                self.update = True
            elif a == "--vm":
                self.vm = True
            elif a == "--sweep":
                self.sweep_only = True
            elif a in ("--timeout", "--builddir", "--output", "--mode", "--suite") and args:
                v = args.pop(0)
                if a == "--timeout":
                    if not v.isdigit() or int(v) == 0:
                        sys.exit(f"run.sh: bad --timeout {v}")
                    self.timeout = int(v)
                else:
                    setattr(self, a[2:], v)
            elif a in ("-h", "--help"):
                print(__doc__)
                sys.exit(0)
            elif a.startswith("-"):
                sys.exit(f"run.sh: unknown option {a} (see --help)")
            else:
                self.names.append(os.path.basename(a.rstrip("/")))
        self.suite = self.suite or f"pluto-{self.mode}"
        if self.output is None:
            self.output = os.path.join(REPO, "OUTPUT",
                                       "pluto" if self.mode == "host" else f"pluto-{self.mode}")
        self.output = os.path.abspath(self.output)


def run_in_vm(opts, argv):
    """--vm: run this same runner inside the test VM (testing/vm/), whose
    kernel has ESP.  The guest writes into its results folder (under
    /run, see hostsetup.sh); the scenario folders are moved to
    OUTPUT/pluto-vm/ afterwards."""
    wrapper = os.environ.get("PLUTO_VM_WRAPPER",
                             os.path.join(REPO, "testing", "vm", "run-in-vm.sh"))
    suite = opts.suite.replace("pluto-host", "pluto-vm")
    if opts.update:
        sys.exit("run.sh: --update is not done inside the VM: run with --vm, "
                 "review OUTPUT/pluto-vm/NAME/HOST.console.txt, copy it to "
                 "testing/pluto/NAME/HOST.console.vm.txt")
    if not os.access(wrapper, os.X_OK):
        print(f"run.sh: --vm needs {os.path.relpath(wrapper, REPO)}, not there yet")
        print(f"{suite}: 0 passed, 1 failed")
        return 1
    output = os.path.join(REPO, "OUTPUT", "pluto-vm") if not os.environ.get(
        "PLUTO_OUTPUT") and "--output" not in argv else opts.output
    vmrun = os.path.join(output, "vm-run")      # the guest's results folder
    shutil.rmtree(output, ignore_errors=True)
    os.makedirs(output)
    budget = 120
    for name in opts.names or list_scenarios():
        try:
            budget += opts.timeout or Scenario(name, "vm").timeout or DEFAULT_TIMEOUT
        except ScenarioError:
            pass
    # a cap for the whole guest (a hung guest is killed and counted as a
    # failure), e.g. the suite's, instead of the sum of the time limits
    if os.environ.get("PLUTO_VM_TIMEOUT", "").isdigit():
        budget = int(os.environ["PLUTO_VM_TIMEOUT"])
    inner, args = [], [a for a in argv if a != "--vm"]
    while args:
        a = args.pop(0)
        if a == "--output" and args:
            args.pop(0)
        else:
            inner.append(a)
    cmd = [wrapper, "--timeout", str(budget), "--cwd", REPO,
           "--keep-results", vmrun, "--env", "PLUTO_OUTPUT=/run/vm-results/pluto",
           os.path.join(REPO, "testing", "pluto", "run.sh"), "--mode", "vm",
           "--suite", suite] + inner
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    sys.stdout.write(proc.stdout)
    results = os.path.join(vmrun, "pluto")
    for entry in (os.listdir(results) if os.path.isdir(results) else []):
        os.rename(os.path.join(results, entry), os.path.join(output, entry))
    if not re.search(r"^" + re.escape(suite) + r": \d+ passed, \d+ failed$",
                     proc.stdout, re.M):
        # a guest killed at its time limit (or a broken harness): what it
        # reported until then still counts, the run itself is one failure
        done_ok = len(re.findall(r"^(?:ok|XFAIL) ", proc.stdout, re.M))
        done_failed = len(re.findall(r"^FAIL ", proc.stdout, re.M))
        print(f"run.sh: the VM run gave no result (exit {proc.returncode}"
              f"{', guest killed at its time limit' if proc.returncode == 124 else ''}); "
              f"its console is in {os.path.relpath(vmrun, REPO)}/")
        print(f"{suite}: {done_ok} passed, {done_failed + 1} failed")
        return proc.returncode or 1
    return proc.returncode


def main(argv):
    opts = Options(argv)
    if opts.vm:
        return run_in_vm(opts, argv)
    if os.geteuid() != 0:
        print("run.sh: scenarios need root (network namespaces)")
        print(f"{opts.suite}: 0 passed, 1 failed")
        return 1
    os.chdir(REPO)

    def on_signal(signum, frame):
        raise Interrupted(signal.Signals(signum).name)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    # also when started in the background by a shell, which ignores it
    signal.signal(signal.SIGINT, signal.default_int_handler)

    sweep()
    if opts.sweep_only:
        return 0
    run = Run(opts)
    names = opts.names or list_scenarios()
    interrupted = None
    for name in names:
        try:
            result = run_scenario(run, name)
        except ScenarioError as e:
            result = ("FAIL", str(e), "", None)
        except (KeyboardInterrupt, Interrupted) as e:
            interrupted = str(e) or "SIGINT"
            result = ("FAIL", f"interrupted ({interrupted})", "", None)
        report(run, name, *result)
        if interrupted:
            break
    if run.skipped:
        print(f"{opts.suite}: {len(run.skipped)} skipped (not run in {opts.mode} mode): "
              + " ".join(run.skipped))
    if run.xfail:
        print(f"{opts.suite}: {len(run.xfail)} expected failures (counted as passed): "
              + " ".join(run.xfail))
    if run.failed:
        print(f"{opts.suite}: failed: " + " ".join(run.failed))
    print(f"{opts.suite}: {len(run.passed)} passed, {len(run.failed)} failed")
    if interrupted:
        return 130
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
