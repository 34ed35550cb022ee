#!/usr/bin/env python3
"""drive.py - runs and times programs for the benchmark (tests/bench/run.sh).

  drive.py time RUNS -- CMD [ARG...]
      Runs CMD RUNS times (stdin /dev/null, stdout and stderr to the files
      named by $OUT and $ERR, default /dev/null) and prints one line per run:
      "wall_ms cpu_ms maxrss_kb status" (wall clock from a monotonic clock,
      CPU = user+sys of the child from wait4, peak RSS from GNU time -f %M
      when /usr/bin/time exists, else from wait4).

  drive.py startup NEEDLE RUNS -- CMD [ARG...]
      Starts CMD RUNS times in a fresh 100x30 pseudo-terminal and times how
      long it takes until NEEDLE (plain text, escape sequences removed) has
      been drawn.  After the needle, the program is sent QUIT_KEYS ('q' by
      default; empty for programs that exit by themselves) and waited for.
      Prints one line per run: "wall_ms cpu_ms maxrss_kb": CPU and peak RSS
      of the whole run (CPU from wait4, RSS from GNU time -f %M when
      /usr/bin/time exists; wait4's RSS would count the forked Python).

  drive.py keys N -- CMD [ARG...]
      Starts winback (CMD) on an empty or existing database, opens a new quick
      debrief, answers the first two questions, then sends N scripted
      keystrokes into the narrative field "Tell the story": letters, spaces,
      Backspaces, Enter (a new line), and now and then Tab to the next
      question and Shift-Tab back.  Each key is sent after the screen has
      answered the previous one (so curses draws every key, as for a person
      typing).  Prints "keys cpu_ms us_per_key maxrss_kb wall_s stalls":
      CPU time of winback spent on those N keys only (from
      /proc/PID/schedstat, else user+sys of /proc/PID/stat), per key, its
      peak RSS (VmHWM), the wall time of the typing and how many keys got
      no visible answer within a second.

Exit status 0 on success, 1 when the program did not draw what was awaited
(the output seen is then printed on stderr).
"""
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

ROWS, COLS = 30, 100
ESC_RE = re.compile(rb"\x1b(\[[0-9;?>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()*+][0-9A-Za-z]|[=>78cDEHMNOZ])")
CLK_TCK = os.sysconf("SC_CLK_TCK")


class Term:
    """A program running in a pseudo-terminal, with everything it wrote."""

    def __init__(self, argv, env=None):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        env = dict(os.environ if env is None else env)
        env.setdefault("TERM", "xterm-256color")
        env["LINES"], env["COLUMNS"] = str(ROWS), str(COLS)

        def child_setup():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                     preexec_fn=child_setup, env=env, close_fds=True)
        os.close(slave)
        self.out = bytearray()
        self.plain_upto = 0
        self.plain = ""
        self.rusage = None

    def read_some(self, timeout):
        """Reads what is there within timeout seconds; bytes read (0 at EOF/none)."""
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return 0
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return -1
        if not data:
            return -1
        self.out += data
        return len(data)

    def text(self):
        """Everything written so far with escape sequences removed."""
        if self.plain_upto < len(self.out):
            self.plain = ESC_RE.sub(b"", bytes(self.out)).decode("utf-8", "replace")
            self.plain_upto = len(self.out)
        return self.plain

    def wait_for(self, needle, timeout=30.0, since=0):
        """Reads until needle appears in the plain text after offset since;
        returns the elapsed time since start, or None on timeout or exit."""
        end = time.perf_counter() + timeout
        while True:
            if needle in self.text()[since:]:
                return time.perf_counter() - self.t0
            left = end - time.perf_counter()
            if left <= 0 or self.read_some(min(left, 0.5)) < 0:
                return None

    def drain(self, first_timeout, quiet=0.0):
        """Waits up to first_timeout for output, then reads until quiet for
        `quiet` seconds.  True when anything came."""
        got = self.read_some(first_timeout) > 0
        while got and self.read_some(quiet) > 0:
            pass
        return got

    def send(self, data):
        os.write(self.master, data)

    def cpu_ticks(self):
        """User+system CPU time of the program so far, in seconds."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def cpu_ns(self):
        """CPU time from schedstat (ns) when the kernel has it, else ticks."""
        try:
            with open("/proc/%d/schedstat" % self.proc.pid) as f:
                return int(f.read().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            return self.cpu_ticks()

    def hwm_kb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def finish(self, keys=b"", timeout=10.0):
        """Sends keys, waits for the exit (killing after timeout); sets rusage."""
        if keys:
            try:
                self.send(keys)
            except OSError:
                pass
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            pid, status, ru = os.wait4(self.proc.pid, os.WNOHANG)
            if pid:
                self.proc.returncode = status
                self.rusage = ru
                break
            self.read_some(0.05)
        else:
            self.proc.send_signal(signal.SIGKILL)
            _, status, self.rusage = os.wait4(self.proc.pid, 0)
        os.close(self.master)


def fail(term, what):
    sys.stderr.write("drive: %s; the screen said:\n%s\n" % (what, term.text()[-3000:]))
    term.finish(b"", 1.0)
    sys.exit(1)


def gnu_time_prefix(rss_file):
    """["/usr/bin/time", "-f", "%M", "-o", rss_file] when GNU time exists."""
    if os.access("/usr/bin/time", os.X_OK):
        return ["/usr/bin/time", "-f", "%M", "-o", rss_file]
    return []


def read_rss(rss_file, fallback):
    try:
        with open(rss_file) as f:
            return int(f.read().split()[-1])
    except (OSError, ValueError, IndexError):
        return fallback


def startup(needle, runs, argv):
    quit_keys = os.environ.get("QUIT_KEYS", "q").encode()
    rss_file = "/tmp/drive-startup.%d.rss" % os.getpid()
    for _ in range(runs):
        t = Term(gnu_time_prefix(rss_file) + argv)
        at = t.wait_for(needle)
        if at is None:
            fail(t, "'%s' never appeared" % needle)
        t.finish(quit_keys)
        ru = t.rusage
        rss = read_rss(rss_file, ru.ru_maxrss)
        print("%.1f %.1f %d" % (at * 1000, (ru.ru_utime + ru.ru_stime) * 1000, rss))
        sys.stdout.flush()
    if os.path.exists(rss_file):
        os.unlink(rss_file)


def script(n):
    """The N keystrokes: words with typos fixed by Backspace, new lines, and
    a Tab to the next question with Shift-Tab back every 1000 keys."""
    words = ("the buyer called about a late delivery and asked for a discount "
             "we apologised on the phone but the order went to a competitor "
             "their plant manager wanted faster service and better invoices").split()
    keys, length, w = [], 0, 0
    while len(keys) < n:
        if len(keys) % 1000 == 998:
            keys += [b"\t", b"\x1b[Z"]
            continue
        if length > 1500:
            keys += [b"\x7f"] * min(300, n - len(keys))
            length -= 300
            continue
        word = words[w % len(words)]
        w += 1
        for i, ch in enumerate(word):
            keys.append(ch.encode())
            if i == 2 and w % 5 == 0:
                keys += [b"x", b"\x7f"]
        keys.append(b"\r" if w % 12 == 0 else b" ")
        length += len(word) + 1
    return keys[:n]


def drive_keys(n, argv):
    t = Term(argv)
    steps = [("New debrief", b"n"), ("Quick debrief:", b"\x1bOB\r"),
             ("Which customer did we lose?", b"Keystroke Bench AG\r"),
             ("In short, why did we lose them?", b"1\r")]
    for needle, keys in steps:
        if t.wait_for(needle) is None:
            fail(t, "'%s' never appeared" % needle)
        t.send(keys)
    if t.wait_for("Tell the story") is None:
        fail(t, "the story question never appeared")
    t.drain(0.3, 0.1)
    keys = script(n)
    stalls = 0
    c0, w0 = t.cpu_ns(), time.perf_counter()
    for k in keys:
        t.send(k)
        if not t.drain(1.0, 0.0):
            stalls += 1
    t.drain(0.2, 0.05)
    c1, w1 = t.cpu_ns(), time.perf_counter()
    hwm = t.hwm_kb()
    if "Tell the story" not in t.text()[-20000:]:
        fail(t, "the wizard left the story question")
    t.send(b"\x1b")
    t.drain(1.0, 0.2)
    t.finish(b"q")
    cpu = c1 - c0
    print("%d %.1f %.1f %d %.2f %d" % (n, cpu * 1000, cpu * 1e6 / n, hwm, w1 - w0, stalls))


def time_runs(runs, argv):
    out_path = os.environ.get("OUT", os.devnull)
    err_path = os.environ.get("ERR", os.devnull)
    rss_file = "/tmp/drive-time.%d.rss" % os.getpid()
    for _ in range(runs):
        with open(os.devnull, "rb") as i, open(out_path, "wb") as o, open(err_path, "wb") as e:
            t0 = time.perf_counter()
            proc = subprocess.Popen(gnu_time_prefix(rss_file) + argv, stdin=i, stdout=o,
                                    stderr=e)
            _, status, ru = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        print("%.2f %.2f %d %d" % (wall * 1000, (ru.ru_utime + ru.ru_stime) * 1000,
                                   read_rss(rss_file, ru.ru_maxrss), code))
        sys.stdout.flush()
    if os.path.exists(rss_file):
        os.unlink(rss_file)


def main(args):
    if "--" not in args or len(args) < 3:
        sys.stderr.write(__doc__)
        return 2
    sep = args.index("--")
    head, argv = args[:sep], args[sep + 1:]
    if head[0] == "time" and len(head) == 2:
        time_runs(int(head[1]), argv)
    elif head[0] == "startup" and len(head) == 3:
        startup(head[1], int(head[2]), argv)
    elif head[0] == "keys" and len(head) == 2:
        drive_keys(int(head[1]), argv)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
