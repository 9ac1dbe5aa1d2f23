#!/usr/bin/env python3
"""The hostile suite of the second trust round, run against the built `shuzhi` program.

Each module in scripts/trust_probes/ attacks one surface of docs/security.md's threat table
from outside: it drives the real command line, the browser app or the ballot server, and
reads the files the program leaves. A module defines `run(ctx)` and reports every case with
`ctx.case(surface, name, check)`: `check()` returns None when the program held, or a short
text saying what got through. A check that raises counts as not clean too.

Usage: python3 scripts/probe-trust.py target/debug/shuzhi [surface-module ...]
"""
import hashlib
import importlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


class Context:
    sample = "sample-2023-swjw"

    def __init__(self, cli):
        self.cli = os.path.abspath(cli)
        self.work = tempfile.mkdtemp(prefix="shuzhi-trust-")
        self.results = []  # (surface, name, problem or None)
        self._n = 0

    # ---- running the program
    def run(self, db, *args, input=None, timeout=60, env=None):
        full_env = dict(os.environ)
        full_env.pop("SHUZHI_DB", None)
        if env:
            full_env.update(env)
        return subprocess.run([self.cli, "--db", db, *args], capture_output=True, timeout=timeout,
                              input=input, env=full_env)

    def ok(self, db, *args, **kw):
        out = self.run(db, *args, **kw)
        if out.returncode != 0:
            raise RuntimeError(f"shuzhi {' '.join(args)} failed: {out.stderr.decode('utf-8', 'replace')[:300]}")
        return out.stdout.decode("utf-8", "replace")

    # ---- databases
    def path(self, name):
        return os.path.join(self.work, name)

    def dir(self, name):
        path = os.path.join(self.work, name)
        os.makedirs(path, exist_ok=True)
        return path

    def template(self, name, *commands):
        """A database made by running the given commands, its log checkpointed."""
        db = self.path(f"{name}.db")
        for command in commands:
            self.ok(db, *command)
        self.settle(db)
        return db

    def fresh(self, base, name=None):
        """A copy of `base` in a folder of its own (so backups of one case never meet another's)."""
        self._n += 1
        folder = self.dir(f"case-{self._n}")
        db = os.path.join(folder, name or os.path.basename(base))
        shutil.copy(base, db)
        return db

    @staticmethod
    def settle(db):
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()

    @staticmethod
    def snapshot(db):
        """A digest of every row of every table: equal digests, unchanged database."""
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        digest = hashlib.sha256()
        for name in tables:
            for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
                digest.update(repr((name, row)).encode())
        conn.close()
        return digest.hexdigest()

    @staticmethod
    def query(db, sql, *params):
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    # ---- verdicts
    def case(self, surface, name, check):
        try:
            problem = check()
        except Exception as e:  # a probe that cannot finish is not a clean case
            problem = f"{type(e).__name__}: {e}".splitlines()[0][:200]
            if os.environ.get("PROBE_TRACE"):
                traceback.print_exc()
        self.results.append((surface, name, problem))
        mark = "守住" if problem is None else "未守住"
        print(f"  [{mark}] {surface} / {name}" + ("" if problem is None else f"：{problem}"), flush=True)


def main():
    cli = sys.argv[1]
    wanted = sys.argv[2:]
    modules = sorted(f[:-3] for f in os.listdir(os.path.join(HERE, "trust_probes"))
                     if f.endswith(".py") and not f.startswith("_"))
    if wanted:
        modules = [m for m in modules if m in wanted]
    ctx = Context(cli)
    try:
        for name in modules:
            print(f"== {name}", flush=True)
            module = importlib.import_module(f"trust_probes.{name}")
            try:
                module.run(ctx)
            except Exception as e:
                ctx.results.append((name, "（整组未能运行）", f"{type(e).__name__}: {e}"[:200]))
                traceback.print_exc()
    finally:
        shutil.rmtree(ctx.work, ignore_errors=True)
    clean = [r for r in ctx.results if r[2] is None]
    print()
    print(f"信任探测：共试 {len(ctx.results)} 个攻击，守住 {len(clean)} 个。")
    groups = {}
    for surface, _, problem in ctx.results:
        total, ok = groups.get(surface, (0, 0))
        groups[surface] = (total + 1, ok + (problem is None))
    for surface, (total, ok) in groups.items():
        print(f"  {surface}：{ok}/{total}")
    for surface, name, problem in ctx.results:
        if problem is not None:
            print(f"未守住：{surface} / {name}：{problem}")
    print(f"{len(clean)} passed, {len(ctx.results) - len(clean)} failed")
    sys.exit(0 if len(clean) == len(ctx.results) else 1)


if __name__ == "__main__":
    main()
