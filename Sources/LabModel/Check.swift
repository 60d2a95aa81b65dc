/// What a live check does.
public enum CheckKind: String, Sendable, Codable, CaseIterable {
  /// A TCP connect to an address and port.
  case tcp
  /// An HTTP or HTTPS request: status, optional body match, TLS certificate days left.
  case http
  /// A DNS question asked of each instance of a service and of its VIP, with the expected answer.
  case dns
  /// A PromQL query against the lab's Prometheus, with the expected result.
  case promql
}

/// DNS record types a `dns` check can ask for.
public enum DNSRecordType: String, Sendable, Codable, CaseIterable {
  case a = "A"
  case aaaa = "AAAA"
  case cname = "CNAME"
  case ns = "NS"
  case soa = "SOA"
  case txt = "TXT"
  case mx = "MX"

  /// The type's number on the wire (RFC 1035, RFC 3596).
  public var code: UInt16 {
    switch self {
    case .a: 1
    case .ns: 2
    case .cname: 5
    case .soa: 6
    case .mx: 15
    case .txt: 16
    case .aaaa: 28
    }
  }
}

/// One live check declared under a machine, service or app (`checks:` in lab.yaml), or a default one.
public struct Check: Sendable, Hashable {
  public var kind: CheckKind
  /// The name shown in results, unique within its owner: `tcp:22` unless declared.
  public var name: String
  /// `tcp`, `dns`: the address asked; nil means the owner's address (a DNS check: each instance and the VIP).
  public var address: IPv4?
  /// `tcp`: the port; `dns`: the server port (53 when nil).
  public var port: Int?
  /// `http`: the URL; `promql`: the Prometheus base URL.
  public var url: ProbeURL?
  /// `http`: the `Host` header, when the URL names an address.
  public var hostHeader: String?
  /// `http`: the expected status (nil: any 2xx or 3xx).
  public var status: Int?
  /// `http`: text the body must contain.
  public var body: String?
  /// `http` over TLS: the fewest days the certificate may have left before the check is degraded.
  public var certDays: Int?
  /// `https`: verify the certificate chain against the system roots (true unless `tls_verify: false`).
  public var tlsVerify: Bool
  /// `dns`: the name asked; `promql`: the query.
  public var query: String?
  /// `dns`: the record type asked (A when nil).
  public var recordType: DNSRecordType?
  /// `dns`: the expected answers (any order); `promql`: the value every series must have.
  public var expect: [String]
  /// Seconds between checks when the prober runs continuously.
  public var interval: Double?
  /// The outer deadline of one check, in seconds: it holds even against a target that never answers.
  public var timeout: Double?
  /// Failures in a row before the state changes to down.
  public var fails: Int?
  /// True for a check labctl adds when the owner declares none.
  public var isDefault: Bool

  public init(
    kind: CheckKind, name: String, address: IPv4? = nil, port: Int? = nil, url: ProbeURL? = nil,
    hostHeader: String? = nil, status: Int? = nil, body: String? = nil, certDays: Int? = nil, tlsVerify: Bool = true,
    query: String? = nil, recordType: DNSRecordType? = nil, expect: [String] = [], interval: Double? = nil,
    timeout: Double? = nil, fails: Int? = nil, isDefault: Bool = false
  ) {
    self.kind = kind
    self.name = name
    self.address = address
    self.port = port
    self.url = url
    self.hostHeader = hostHeader
    self.status = status
    self.body = body
    self.certDays = certDays
    self.tlsVerify = tlsVerify
    self.query = query
    self.recordType = recordType
    self.expect = expect
    self.interval = interval
    self.timeout = timeout
    self.fails = fails
    self.isDefault = isDefault
  }
}

/// An `http://` or `https://` URL as a check names it: scheme, host, port, path with query.
public struct ProbeURL: Sendable, Hashable, CustomStringConvertible {
  public var tls: Bool
  public var host: String
  public var port: Int
  /// The path and query, starting with `/`.
  public var path: String

  public init(tls: Bool, host: String, port: Int, path: String) {
    self.tls = tls
    self.host = host
    self.port = port
    self.path = path
  }

  /// Parses `http[s]://HOST[:PORT][/PATH]`; nil when it is not one (no user info, no fragment).
  public init?(_ text: String) {
    let scheme: Bool
    let rest: Substring
    if text.hasPrefix("http://") {
      (scheme, rest) = (false, text.dropFirst(7))
    } else if text.hasPrefix("https://") {
      (scheme, rest) = (true, text.dropFirst(8))
    } else {
      return nil
    }
    let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
    let authority = rest[..<authorityEnd]
    var path = String(rest[authorityEnd...])
    if path.isEmpty || path.first == "?" { path = "/" + path }
    guard !authority.isEmpty, !authority.contains("@"), !path.contains("#"), !path.contains(" ") else { return nil }
    var host = authority
    var port = scheme ? 443 : 80
    if let colon = authority.lastIndex(of: ":") {
      guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else { return nil }
      port = p
      host = authority[..<colon]
    }
    guard !host.isEmpty,
      host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
    else { return nil }
    self.init(tls: scheme, host: String(host), port: port, path: path)
  }

  public var description: String {
    let defaultPort = tls ? 443 : 80
    return "\(tls ? "https" : "http")://\(host)\(port == defaultPort ? "" : ":\(port)")\(path)"
  }
}
