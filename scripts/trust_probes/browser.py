"""The browser app (`shuzhi app`) attacked from other programs on the same computer.

Every case starts the built program as a person does (without opening a browser), reads the
address it prints, and talks to it over 127.0.0.1 only: other local pages and servers that
would like its credential, requests with borrowed Host/Origin headers, paths that climb out
of the page's folder, oversized and trickled requests, a flood of idle sockets, the files it
leaves beside the database, a kill in the middle of an upload, and two tabs restoring at once.
"""
import json
import os
import re
import signal
import socket
import stat
import subprocess
import threading
import time

SURFACE = "浏览器版"
TOKEN_HEADER = "x-shuzhi-token"
UPLOAD_HEADER = "x-shuzhi-upload"


class App:
    """One `shuzhi app --no-open` on its own database."""

    def __init__(self, ctx, folder, extra_env=None, no_open=True, path_dirs=None):
        self.folder = folder
        self.db = os.path.join(folder, "shuzhi.db")
        env = dict(os.environ)
        env.pop("SHUZHI_DB", None)
        env["HOME"] = folder
        env["TMPDIR"] = os.path.join(folder, "tmp")
        os.makedirs(env["TMPDIR"], exist_ok=True)
        if path_dirs:
            env["PATH"] = os.pathsep.join(path_dirs + [env.get("PATH", "")])
        if extra_env:
            env.update(extra_env)
        args = [ctx.cli, "--db", self.db, "app", "--idle-exit", "600"]
        if no_open:
            args.append("--no-open")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        found = {}

        def read():
            for raw in self.process.stdout:
                line = raw.decode("utf-8", "replace")
                match = re.search(r"打开 (http://127\.0\.0\.1:(\d+)/[?#]t=(\w+))", line)
                if match and "url" not in found:
                    found.update(url=match.group(1), port=int(match.group(2)), token=match.group(3))

        threading.Thread(target=read, daemon=True).start()
        deadline = time.time() + 60
        while "url" not in found and time.time() < deadline and self.process.poll() is None:
            time.sleep(0.05)
        if "url" not in found:
            self.stop()
            raise RuntimeError("shuzhi app printed no address")
        self.url, self.port, self.token = found["url"], found["port"], found["token"]
        self.host = f"127.0.0.1:{self.port}"

    def request(self, method, path, headers=None, body=b"", token=True, host=None, timeout=20):
        """One request over a connection of its own: (status, headers as text, body)."""
        all_headers = {"Host": host or self.host, "Connection": "close", "Content-Length": str(len(body))}
        if token:
            all_headers[TOKEN_HEADER] = self.token
        all_headers.update(headers or {})
        head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in all_headers.items()) + "\r\n"
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(head.encode("utf-8") + body)
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        head = head.decode("utf-8", "replace")
        status = int(head.split(" ")[1]) if head.startswith("HTTP/") else 0
        if "transfer-encoding: chunked" in head.lower():
            rest = unchunk(rest)
        return status, head, rest

    def command(self, name, arguments=None, headers=None):
        status, head, body = self.request(
            "POST", f"/api/{name}", {"Content-Type": "application/json", **(headers or {})},
            json.dumps(arguments or {}).encode())
        if status != 200:
            raise RuntimeError(f"{name}: {status} {body[:200]!r}")
        return json.loads(body)

    def upload(self, name, data):
        status, _, body = self.request("POST", "/upload", {"x-file-name": name}, data)
        if status != 200:
            raise RuntimeError(f"upload: {status} {body[:200]!r}")
        return json.loads(body)["upload"]

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=20)


def unchunk(data):
    out = b""
    while data:
        line, _, data = data.partition(b"\r\n")
        size = int(line.strip() or b"0", 16)
        if size == 0:
            break
        out += data[:size]
        data = data[size + 2:]
    return out


def text(body):
    return body.decode("utf-8", "replace")


def with_app(ctx, check, **kw):
    """Runs `check(app)` against a fresh start of the app; stops it afterwards."""
    app = App(ctx, ctx.dir(f"browser-{time.time_ns()}"), **kw)
    try:
        return check(app)
    finally:
        app.stop()


def refused(status, body, expected_status, words):
    if status != expected_status:
        return f"应拒绝（{expected_status}），实际 {status}：{text(body)[:80]}"
    if words not in text(body):
        return f"拒绝的说明里没有“{words}”：{text(body)[:80]}"
    return None


def run(ctx):
    # ---- the credential
    def old_cookie(app):
        s, _, b = app.request("POST", "/api/list_campaigns", {"Cookie": f"shuzhi_{app.port}={app.token}"}, token=False)
        return refused(s, b, 403, "缺少本次启动的访问凭据")

    def token_in_address(app):
        s, _, b = app.request("POST", f"/api/list_campaigns?t={app.token}", token=False)
        return refused(s, b, 403, "缺少本次启动的访问凭据")

    def start_address_sets_no_cookie(app):
        s, head, _ = app.request("GET", f"/?t={app.token}", token=False)
        if s != 200:
            return f"起始地址没有打开页面：{s}"
        if "set-cookie" in head.lower():
            return "起始地址设置了 Cookie（会被发往本机所有端口）"
        if "referrer-policy: no-referrer" not in head.lower():
            return "页面没有 Referrer-Policy: no-referrer"
        return None

    def no_token(app):
        for path in ["/api/list_campaigns", "/upload", "/alive", "/quit", "/api/restore_backup"]:
            s, _, b = app.request("POST", path, token=False)
            problem = refused(s, b, 403, "缺少本次启动的访问凭据")
            if problem:
                return f"{path}：{problem}"
        return None if app.alive() else "没有凭据的“退出”让程序退出了"

    def wrong_token(app):
        for token in ["", "0" * 32, app.token[:-1], app.token + "0", app.token.upper()]:
            s, _, b = app.request("POST", "/api/list_campaigns", {TOKEN_HEADER: token}, token=False)
            if s != 403:
                return f"错误的凭据“{token}”得到 {s}"
        return None

    def foreign_host(app):
        for host in [f"evil.example:{app.port}", f"127.0.0.1:{app.port}.evil.example", "127.0.0.1", f"127.0.0.2:{app.port}",
                     f"[::1]:{app.port}", f"127.0.0.1:{app.port + 1}"]:
            s, _, b = app.request("POST", "/api/list_campaigns", host=host)
            problem = refused(s, b, 421, "主机名不是本机地址")
            if problem:
                return f"Host {host}：{problem}"
        return None

    def foreign_origin(app):
        for origin in ["http://evil.example", "null", f"http://127.0.0.1:{app.port + 1}", f"https://127.0.0.1:{app.port}",
                       f"http://127.0.0.1:{app.port}.evil.example"]:
            s, _, b = app.request("POST", "/api/list_campaigns", {"Origin": origin})
            problem = refused(s, b, 403, "请求来自其他网站")
            if problem:
                return f"Origin {origin}：{problem}"
        return None

    def cors_preflight(app):
        s, head, _ = app.request("OPTIONS", "/api/list_campaigns", {
            "Origin": f"http://127.0.0.1:{app.port + 1}", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": TOKEN_HEADER}, token=False)
        if "access-control-allow" in head.lower():
            return f"预检得到了跨站许可：{head[:200]}"
        return None if s in (403, 405) else f"预检得到 {s}"

    def another_page_without_credentials(app):
        # A page on another port posting a simple (no-preflight) request: the browser adds Origin.
        s, _, b = app.request("POST", "/api/close_vote", {
            "Origin": "http://127.0.0.1:8000", "Content-Type": "text/plain"}, b'{"campaignId":"x"}', token=False)
        return refused(s, b, 403, "请求来自其他网站")

    # ---- paths
    def page_traversal(app):
        for path in ["/../shuzhi.db", "/%2e%2e/shuzhi.db", "/assets/..%2f..%2fshuzhi.db", "/..%5c..%5cshuzhi.db",
                     "//etc/passwd", "/.%2e/.%2e/etc/passwd", "/assets/../../../etc/passwd", "/index.html%00.js",
                     "/%2fetc%2fpasswd", "/.app"]:
            s, _, b = app.request("GET", path, token=False)
            if s == 200 or b.startswith(b"SQLite format") or b"root:" in b:
                return f"{path} 得到 {s}：{b[:60]!r}"
        return None

    def download_routes(app):
        answer = app.command("export_lists_xlsx", {"campaignId": ctx.sample, "secretaryId": None})
        url = answer["downloads"][0]["url"]
        ticket = url.rsplit("/", 1)[1]
        if len(ticket) < 32:
            return f"下载地址太短，易被猜中：{url}"
        for path in ["/files/../shuzhi.db", "/files/%2e%2e%2fshuzhi.db", "/files/0", "/files/" + "0" * 32]:
            s, _, b = app.request("GET", path, token=False)
            if s == 200:
                return f"{path} 得到文件"
        s, _, _ = app.request("GET", url, {"Origin": "http://127.0.0.1:8000"}, token=False)
        if s != 403:
            return f"别的页面取走了下载：{s}"
        s, _, b = app.request("GET", url, token=False)
        if s != 200 or not b.startswith(b"PK"):
            return f"本页面下载失败：{s}"
        s, _, b = app.request("GET", url, token=False)
        return None if s == 404 and "已经下载过或已过期" in text(b) else f"下载地址可以用第二次：{s}"

    # ---- sizes and time
    def oversized(app):
        for path in ["/upload", "/api/import_package"]:
            with socket.create_connection(("127.0.0.1", app.port), timeout=20) as s:
                s.sendall((f"POST {path} HTTP/1.1\r\nHost: {app.host}\r\n{TOKEN_HEADER}: {app.token}\r\n"
                           "Content-Length: 99999999999\r\n\r\n").encode())
                start = time.time()
                data = s.recv(4096)
                if not data.startswith(b"HTTP/1.1 413") or time.time() - start > 5:
                    return f"{path}：超大请求没有立即被拒绝：{data[:60]!r}"
        return None

    def slow_headers(app):
        s = socket.create_connection(("127.0.0.1", app.port), timeout=40)
        s.sendall(f"GET / HTTP/1.1\r\nHost: {app.host}\r\n".encode())
        start = time.time()
        try:
            for _ in range(40):
                time.sleep(1)
                s.sendall(b"X-a: b\r\n")
        except OSError:
            pass
        closed_after = time.time() - start
        s.close()
        return None if closed_after < 20 else f"逐字发送的请求头保持了 {closed_after:.0f} 秒"

    def slow_body(app):
        s = socket.create_connection(("127.0.0.1", app.port), timeout=40)
        s.sendall((f"POST /api/list_campaigns HTTP/1.1\r\nHost: {app.host}\r\n{TOKEN_HEADER}: {app.token}\r\n"
                   "Content-Length: 100000\r\n\r\n{").encode())
        start = time.time()
        data = b""
        try:
            for _ in range(40):
                time.sleep(1)
                s.sendall(b" ")
                s.settimeout(0.01)
                try:
                    data += s.recv(4096)
                except socket.timeout:
                    pass
                if data:
                    break
        except OSError:
            pass
        s.close()
        if not data.startswith(b"HTTP/1.1 408"):
            return f"涓流发送的请求体没有被超时拒绝（{time.time() - start:.0f} 秒）：{data[:60]!r}"
        return None if "请求发送超时" in text(data) else "超时说明不是中文"

    def idle_flood(app):
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < 2400:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard), hard))
        sockets = []
        try:
            deadline = time.time() + 30
            while len(sockets) < 1100 and time.time() < deadline:
                sockets.append(socket.create_connection(("127.0.0.1", app.port), timeout=5))
            start = time.time()
            answer = app.command("list_campaigns")
            took = time.time() - start
            if answer["ok"][0]["id"] != ctx.sample or took > 5:
                return f"{len(sockets)} 个空闲连接时页面等了 {took:.1f} 秒"
            # The idle ones are closed by the server within its header timeout.
            first = sockets[0]
            first.settimeout(40)
            start = time.time()
            closed = first.recv(1) == b""
            return None if closed and time.time() - start < 30 else "空闲连接没有被关闭"
        finally:
            for s in sockets:
                s.close()

    # ---- files
    def instance_file_mode(app_unused=None):
        folder = ctx.dir(f"browser-mode-{time.time_ns()}")
        instance = os.path.join(folder, "shuzhi.db.app")
        with open(instance, "w"):
            pass
        os.chmod(instance, 0o644)
        app = App(ctx, folder)
        try:
            mode = stat.S_IMODE(os.stat(instance).st_mode)
            if mode & 0o077:
                return f"含凭据的 .app 文件权限为 {oct(mode)}"
            with open(instance) as f:
                return None if app.token in f.read() else ".app 文件里没有地址"
        finally:
            app.stop()

    def upload_survives_kill(app_unused=None):
        folder = ctx.dir(f"browser-kill-{time.time_ns()}")
        marker = b"probe upload marker 5d1c0f"
        app = App(ctx, folder)
        try:
            app.upload("backup.db", marker)
            os.kill(app.process.pid, signal.SIGKILL)
            app.process.wait(timeout=20)
        finally:
            app.stop()
        again = App(ctx, folder)
        try:
            left = []
            for root, _, files in os.walk(folder):
                for name in files:
                    try:
                        with open(os.path.join(root, name), "rb") as f:
                            if marker in f.read():
                                left.append(os.path.join(root, name))
                    except OSError:
                        pass
            return None if not left else f"被杀掉后上传的文件仍在：{left}"
        finally:
            again.stop()

    def upload_name_traversal(app):
        target = os.path.join(app.folder, "escaped.db")
        app.upload("..%2F..%2F..%2F" + "escaped.db", b"x")
        app.upload("%2E%2E%2Fescaped.db", b"x")
        for root, _, files in os.walk(app.folder):
            if "escaped.db" in files and not root.endswith(".uploads"):
                return f"上传的文件名越出了上传文件夹：{os.path.join(root, 'escaped.db')}"
        return None if not os.path.exists(target) else "上传写到了数据库旁边"

    def uploads_folder_private(app):
        app.upload("backup.db", b"x")
        folder = app.db + ".uploads"
        mode = stat.S_IMODE(os.stat(folder).st_mode)
        return None if mode == 0o700 else f"上传文件夹权限为 {oct(mode)}"

    def two_tabs(app):
        first = app.upload("甲.db", b"not a database 1")
        second = app.upload("乙.db", b"not a database 2")
        # Each choice takes its own upload (neither is a database, so each is refused with
        # its own file's check), and a choice that names none takes nothing.
        none = app.command("choose_backup_file", {})
        if none.get("ok") is not None:
            return f"没有指明上传的选择取到了文件：{none}"
        a = app.command("choose_backup_file", {}, {UPLOAD_HEADER: first})
        b = app.command("choose_backup_file", {}, {UPLOAD_HEADER: second})
        again = app.command("choose_backup_file", {}, {UPLOAD_HEADER: first})
        if a.get("error") is None or b.get("error") is None:
            return f"不是数据库的文件被接受：{a} {b}"
        if again.get("ok") is not None or again.get("error") is not None and "甲" in json.dumps(again, ensure_ascii=False):
            return f"同一上传被取了两次：{again}"
        r = app.command("restore_backup", {"source": {"kind": "chosen", "id": "0"}})
        return None if "请先用“从其他位置恢复…”选择备份文件" in json.dumps(r, ensure_ascii=False) else f"{r}"

    def token_in_command_lines(app_unused=None):
        # Another account on the computer reads every process's command line
        # (/proc/<pid>/cmdline): the program that opens the browser must not carry the token.
        folder = ctx.dir(f"browser-open-{time.time_ns()}")
        bin_dir = os.path.join(folder, "bin")
        os.makedirs(bin_dir)
        record = os.path.join(folder, "opened.txt")
        for name in ["xdg-open", "open"]:
            fake = os.path.join(bin_dir, name)
            with open(fake, "w") as f:
                f.write(f"#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{record}'\n")
            os.chmod(fake, 0o755)
        app = App(ctx, folder, no_open=False, path_dirs=[bin_dir])
        try:
            deadline = time.time() + 10
            while not os.path.exists(record) and time.time() < deadline:
                time.sleep(0.1)
            if not os.path.exists(record):
                return "没有打开浏览器"
            with open(record) as f:
                opened = f.read()
            return f"打开浏览器的命令行里带着凭据：{opened.strip()[:80]}" if app.token in opened else None
        finally:
            app.stop()

    cases = [
        ("旧 Cookie 不再打开任何操作", old_cookie),
        ("地址里的凭据不打开任何操作", token_in_address),
        ("起始地址不设 Cookie、不带 Referer", start_address_sets_no_cookie),
        ("没有凭据：操作、上传、心跳、退出一律拒绝", no_token),
        ("错误或变形的凭据被拒绝", wrong_token),
        ("外来 Host（DNS 重绑定）即使带凭据也被拒绝", foreign_host),
        ("外来 Origin 即使带凭据也被拒绝", foreign_origin),
        ("CORS 预检得不到许可", cors_preflight),
        ("别的端口上的页面不带凭据调用操作", another_page_without_credentials),
        ("页面文件路径穿越", page_traversal),
        ("下载地址：穿越、猜测、别的页面、第二次", download_routes),
        ("超大请求立即拒绝", oversized),
        ("逐字发送请求头（slowloris）", slow_headers),
        ("涓流发送请求体", slow_body),
        ("上千个空闲连接时页面照常应答", idle_flood),
        ("上传文件名穿越", upload_name_traversal),
        ("上传文件夹只有本人能读", uploads_folder_private),
        ("两个标签页各自上传、选择、恢复", two_tabs),
    ]
    for name, check in cases:
        ctx.case(SURFACE, name, lambda check=check: with_app(ctx, check))
    ctx.case(SURFACE, "已有的 .app 文件改为只有本人可读", instance_file_mode)
    ctx.case(SURFACE, "被杀掉后留下的上传在下次启动时清除", upload_survives_kill)
    ctx.case(SURFACE, "打开浏览器的命令行不带凭据", token_in_command_lines)

    def duplicate_headers(app):
        # Raw requests: a header sent twice, first our own value, then another.
        def raw(lines):
            head = "POST /api/list_campaigns HTTP/1.1\r\n" + "".join(f"{l}\r\n" for l in lines)
            head += "Content-Length: 2\r\nConnection: close\r\n\r\n{}"
            with socket.create_connection(("127.0.0.1", app.port), timeout=20) as s:
                s.sendall(head.encode())
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            return int(data.split(b" ")[1]) if data.startswith(b"HTTP/") else 0
        own = f"http://{app.host}"
        token = f"{TOKEN_HEADER}: {app.token}"
        tried = {
            "Origin 两次": raw([f"Host: {app.host}", f"Origin: {own}", "Origin: http://evil.example", token]),
            "Host 两次": raw([f"Host: {app.host}", "Host: evil.example", token]),
        }
        let_in = [name for name, status in tried.items() if status == 200]
        return f"重复的请求头按第一个放行：{let_in}" if let_in else None
    ctx.case(SURFACE, "重复的 Host、Origin 请求头", lambda: with_app(ctx, duplicate_headers))

    def instance_file_link():
        folder = ctx.dir(f"browser-link-{time.time_ns()}")
        target = os.path.join(folder, "elsewhere.txt")
        with open(target, "w") as f:
            f.write("别处的文件")
        os.symlink(target, os.path.join(folder, "shuzhi.db.app"))
        try:
            app = App(ctx, folder)
            app.stop()
        except RuntimeError:
            pass
        with open(target) as f:
            kept = f.read()
        return None if kept == "别处的文件" else "凭据写进了 .app 链接指向的文件"
    ctx.case(SURFACE, ".app 是指向别处的链接", instance_file_link)
