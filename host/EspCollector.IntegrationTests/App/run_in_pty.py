#!/usr/bin/python3
"""Runs a command with a pseudo-terminal as its stdin/stdout/stderr (160x50), types INPUT on it after a few
seconds, and copies everything the command drew to our stdout. Exit code: the command's.
Usage: run_in_pty.py INPUT COMMAND [ARG...]"""
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time

typed = sys.argv[1]
pid, master = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
started = time.monotonic()
sent = False
output = bytearray()
while True:
    if not sent and time.monotonic() - started > 6:
        os.write(master, typed.encode())
        sent = True
    ready, _, _ = select.select([master], [], [], 0.2)
    if ready:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the command ended and closed the terminal
            break
        if not chunk:
            break
        output.extend(chunk)
    if time.monotonic() - started > 120:
        os.kill(pid, 9)
        break
_, status = os.waitpid(pid, 0)
sys.stdout.write(output.decode("utf-8", "replace"))
sys.stdout.flush()
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else 0)
