import Foundation

/// A local stand-in for GitHub's REST API — the one peer that cannot run here. It answers the three calls a
/// promotion makes with GitHub's documented request and response shapes (`GET /repos/{owner}/{repo}/pulls`
/// filtered by `head` and `state`, `POST /repos/{owner}/{repo}/pulls` → 201, `PATCH
/// /repos/{owner}/{repo}/pulls/{number}` → 200; 401 without `Authorization: Bearer TOKEN`, 422 for a second
/// open pull request on one head, as GitHub does), keeps the pull requests in memory and writes every
/// request it got, one JSON line each, to a log the test reads. A Python `http.server` on 127.0.0.1.
public final class GitHubStandIn: @unchecked Sendable {
  public let dir: String
  public private(set) var port = 0
  public let token: String
  private var daemon: Daemon?

  public init(token: String) throws {
    guard let python = Peers.find("python3") else { throw DaemonError(message: "python3 not found") }
    self.token = token
    dir = NSTemporaryDirectory() + "labctl-github-standin-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try Self.script.write(toFile: dir + "/standin.py", atomically: true, encoding: .utf8)
    // A port picked free may be taken before the stand-in binds it: then it exits, and another is tried.
    for _ in 0..<10 {
      port = try FreePort.pick()
      let started = try Daemon(
        python, [dir + "/standin.py", String(port), token, dir + "/requests.jsonl"], log: dir + "/standin.log")
      daemon = started
      let up = waitUntilBlocking(seconds: 60) {
        !started.process.isRunning || FileManager.default.fileExists(atPath: self.dir + "/requests.jsonl")
      }
      if up, started.process.isRunning { return }
      started.stop()
    }
    throw DaemonError(message: "the GitHub stand-in did not start:\n\(daemon?.output ?? "")")
  }

  /// The base URL, `http://127.0.0.1:PORT`.
  public var base: String { "http://127.0.0.1:\(port)" }

  /// Every request so far: method, path, query, authorization and JSON body.
  public func requests() -> [[String: Any]] {
    let text = (try? String(contentsOfFile: dir + "/requests.jsonl", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  public func stop() {
    daemon?.stop()
    try? FileManager.default.removeItem(atPath: dir)
  }

  static let script = #"""
    import json, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import urlparse, parse_qs

    port, token, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    pulls, lock = [], threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def handle_any(self, method):
            url = urlparse(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"null") if length else None
            auth = self.headers.get("Authorization", "")
            with lock:
                with open(log, "a") as f:
                    f.write(json.dumps({"method": method, "path": url.path, "query": url.query,
                                        "authorized": auth == "Bearer " + token, "body": body}) + "\n")
                if auth != "Bearer " + token:
                    return self.reply(401, {"message": "Bad credentials",
                                            "documentation_url": "https://docs.github.com/rest"})
                parts = url.path.strip("/").split("/")
                if len(parts) < 4 or parts[0] != "repos" or parts[3] != "pulls":
                    return self.reply(404, {"message": "Not Found"})
                owner, repo = parts[1], parts[2]
                if method == "GET" and len(parts) == 4:
                    q = parse_qs(url.query)
                    head, state = q.get("head", [None])[0], q.get("state", ["open"])[0]
                    found = [p for p in pulls if (head is None or owner + ":" + p["head"]["ref"] == head)
                             and (state == "all" or p["state"] == state)]
                    return self.reply(200, found)
                if method == "POST" and len(parts) == 4:
                    if any(p["head"]["ref"] == body["head"] and p["state"] == "open" for p in pulls):
                        return self.reply(422, {"message": "Validation Failed", "errors": [
                            {"resource": "PullRequest", "code": "custom",
                             "message": "A pull request already exists for " + owner + ":" + body["head"] + "."}]})
                    number = len(pulls) + 1
                    pull = {"number": number, "state": "open", "title": body["title"], "body": body.get("body"),
                            "html_url": "http://127.0.0.1:%d/%s/%s/pull/%d" % (port, owner, repo, number),
                            "head": {"ref": body["head"], "label": owner + ":" + body["head"]},
                            "base": {"ref": body["base"]}, "merged": False}
                    pulls.append(pull)
                    return self.reply(201, pull)
                if method == "PATCH" and len(parts) == 5:
                    for p in pulls:
                        if str(p["number"]) == parts[4]:
                            p.update({k: v for k, v in body.items() if k in ("title", "body", "state", "base")})
                            return self.reply(200, p)
                    return self.reply(404, {"message": "Not Found"})
                return self.reply(404, {"message": "Not Found"})

        def do_GET(self): self.handle_any("GET")
        def do_POST(self): self.handle_any("POST")
        def do_PATCH(self): self.handle_any("PATCH")
        def log_message(self, *args): pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    open(log, "a").close()  # listening: the test may start
    server.serve_forever()
    """#
}
