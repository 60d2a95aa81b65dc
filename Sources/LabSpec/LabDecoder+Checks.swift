import LabInventory
import LabModel

extension LabDecoder {
  static let checkCommonKeys = ["kind", "name", "interval", "timeout", "fails"]
  static let checkKeys: [CheckKind: [String]] = [
    .tcp: ["address", "port"],
    .http: ["url", "host", "status", "body", "cert_days", "tls_verify"],
    .dns: ["query", "type", "expect", "address", "port"],
    .promql: ["query", "prometheus", "expect"],
  ]

  /// `checks:` under a machine, service or app: nil when absent (the defaults apply), else each check, located.
  func checks(_ node: Node?, _ path: String, owner: String) -> [Check]? {
    guard let node else { return nil }
    var seen: Set<String> = []
    let decoded = ctx.sequence(node, path: path).enumerated().compactMap { i, item -> Check? in
      guard let check = check(item, "\(path).\(i)", owner: owner) else { return nil }
      if !seen.insert(check.name).inserted {
        ctx.error(
          "\(owner) has two checks named '\(check.name)'", at: item,
          notes: ["give one of them its own 'name:'"])
        return nil
      }
      return check
    }
    return YAMLContext.isNull(node) ? [] : decoded
  }

  func check(_ node: Node, _ path: String, owner: String) -> Check? {
    // The kind first, so the allowed keys can be the kind's own.
    let kindNode = node.pairs?.first { $0.key.scalarText == "kind" }?.value
    guard case .mapping = node.kind else {
      ctx.error(
        "'\(path)' must be a mapping with 'kind:' (tcp, http, dns, promql), found \(ctx.describe(node))", at: node)
      return nil
    }
    guard let kindNode else {
      ctx.error("'\(path)' is missing the required key 'kind'", at: node, notes: ["kinds: tcp, http, dns, promql"])
      return nil
    }
    guard let kind = ctx.enumValue(kindNode, path: "\(path).kind", as: CheckKind.self) else { return nil }
    let f = ctx.fields(node, path: path, allowed: Self.checkCommonKeys + (Self.checkKeys[kind] ?? []))
    var check = Check(kind: kind, name: kind.rawValue)
    check.interval = duration(f["interval"], "\(path).interval", minimum: 1)
    check.timeout = duration(f["timeout"], "\(path).timeout", minimum: 0.01)
    check.fails = ctx.count(f["fails"], path: "\(path).fails")
    if let interval = check.interval, let timeout = check.timeout, timeout > interval {
      ctx.error("'\(path).timeout' (\(timeout) s) is longer than its interval (\(interval) s)", at: f["timeout"])
    }
    switch kind {
    case .tcp:
      check.address = address(f["address"], "\(path).address", owner: owner)
      check.port = port(f["port"], "\(path).port")
      if f["port"] == nil { ctx.error("'\(path)' is missing the required key 'port'", at: node) }
      check.name = "tcp:\(check.port ?? 0)"
    case .http:
      check.url = url(f["url"], "\(path).url")
      if f["url"] == nil { ctx.error("'\(path)' is missing the required key 'url'", at: node) }
      check.hostHeader = ctx.string(f["host"], path: "\(path).host")
      if let status = ctx.int(f["status"], path: "\(path).status") {
        if (100...599).contains(status) {
          check.status = status
        } else {
          ctx.error("'\(path).status' must be an HTTP status 100–599, found \(status)", at: f["status"])
        }
      }
      check.body = ctx.string(f["body"], path: "\(path).body")
      check.certDays = ctx.count(f["cert_days"], path: "\(path).cert_days", minimum: 0)
      check.tlsVerify = ctx.bool(f["tls_verify"], path: "\(path).tls_verify") ?? true
      if let url = check.url, !url.tls {
        for key in ["cert_days", "tls_verify"] where f[key] != nil {
          ctx.error("'\(path).\(key)' needs an https:// URL, found '\(url)'", at: f[key])
        }
      }
      check.name = check.url.map { "http:\($0.port)\($0.path)" } ?? "http"
    case .dns:
      check.query = ctx.string(f["query"], path: "\(path).query")
      if f["query"] == nil { ctx.error("'\(path)' is missing the required key 'query'", at: node) }
      check.recordType = ctx.enumValue(f["type"], path: "\(path).type", as: DNSRecordType.self)
      check.expect = ctx.strings(f["expect"], path: "\(path).expect")
      check.address = address(f["address"], "\(path).address", owner: owner)
      check.port = port(f["port"], "\(path).port")
      check.name = "dns:\(check.query ?? "")"
    case .promql:
      check.query = ctx.string(f["query"], path: "\(path).query")
      if f["query"] == nil { ctx.error("'\(path)' is missing the required key 'query'", at: node) }
      check.url = url(f["prometheus"], "\(path).prometheus")
      if f["prometheus"] == nil {
        ctx.error(
          "'\(path)' is missing the required key 'prometheus'", at: node,
          notes: ["the Prometheus base URL, e.g. http://10.30.0.52:9090"])
      }
      let expect = ctx.strings(f["expect"], path: "\(path).expect")
      if expect.count > 1 { ctx.error("'\(path).expect' must be one value, found \(expect.count)", at: f["expect"]) }
      check.expect = expect
      check.name = "promql"
    }
    if let name = ctx.string(f["name"], path: "\(path).name") { check.name = name }
    return check
  }

  func address(_ node: Node?, _ path: String, owner: String) -> IPv4? {
    ctx.typed(
      node, path: path, rule: "schema", item: owner, parse: { IPv4($0) },
      message: { "'\(path)' must be an IPv4 address, found '\($0)'" }, notes: ["e.g. 10.30.0.11"])
  }

  func port(_ node: Node?, _ path: String) -> Int? {
    guard let p = ctx.int(node, path: path) else { return nil }
    guard (1...65535).contains(p) else {
      ctx.error("'\(path)' must be a port 1–65535, found \(p)", at: node)
      return nil
    }
    return p
  }

  func url(_ node: Node?, _ path: String) -> ProbeURL? {
    ctx.typed(
      node, path: path, rule: "schema", item: path, parse: { ProbeURL($0) },
      message: { "'\(path)' must be an http:// or https:// URL, found '\($0)'" },
      notes: ["e.g. http://10.30.0.201:8080/healthz"])
  }

  /// Seconds: a number, or a number with `ms`, `s`, `m` or `h`.
  func duration(_ node: Node?, _ path: String, minimum: Double) -> Double? {
    guard let text = ctx.string(node, path: path) else { return nil }
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
    var seconds = Double(text)
    for (suffix, scale) in units where seconds == nil && text.hasSuffix(suffix) {
      seconds = Double(text.dropLast(suffix.count)).map { $0 * scale }
    }
    guard let seconds, seconds.isFinite else {
      ctx.error("'\(path)' must be a duration such as 30s, 500ms or 2m, found '\(text)'", at: node)
      return nil
    }
    guard seconds >= minimum else {
      ctx.error("'\(path)' must be at least \(minimum) s, found '\(text)'", at: node)
      return nil
    }
    return seconds
  }
}
