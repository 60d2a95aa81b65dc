import Foundation
import LabModel

/// A host and port a probe talks to.
public struct Endpoint: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var host: String
  public var port: Int

  public init(host: String, port: Int) {
    self.host = host
    self.port = port
  }

  /// Parses `HOST:PORT`; nil when it is not one.
  public init?(_ text: some StringProtocol) {
    guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
      (1...65535).contains(port)
    else { return nil }
    let host = String(text[..<colon])
    guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "=" || $0 == "/" }) else { return nil }
    self.init(host: host, port: port)
  }

  public var description: String { "\(host):\(port)" }

  /// True for an IPv4 address in 127.0.0.0/8.
  public var isLoopback: Bool { IPv4(host).map { $0.value >> 24 == 127 } ?? false }

  public static func < (a: Endpoint, b: Endpoint) -> Bool { (a.host, a.port) < (b.host, b.port) }
}

/// Why a probe target was refused before anything was sent.
public struct TargetRefused: Error, Sendable, Hashable, CustomStringConvertible {
  public var target: Endpoint
  public var message: String
  public var description: String { message }
}

/// Where probes may go: the `--resolve` overrides applied, then anything outside 127.0.0.0/8 refused unless the
/// real network is allowed. With `LABCTL_PROBE_LOOPBACK_ONLY=1` in the environment (the test harness sets it)
/// the real network is never allowed, whatever the flag says.
public struct TargetPolicy: Sendable {
  public var resolve: ResolveMap
  public var allowNetwork: Bool

  public init(
    resolve: ResolveMap = ResolveMap(), allowNetwork: Bool = false,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    self.resolve = resolve
    self.allowNetwork = allowNetwork && environment["LABCTL_PROBE_LOOPBACK_ONLY"] != "1"
  }

  /// The endpoint to dial for a declared one, or why it may not be dialled.
  public func dial(_ declared: Endpoint) -> Result<Endpoint, TargetRefused> {
    let target = resolve.map(declared)
    if target.isLoopback || allowNetwork { return .success(target) }
    let why =
      IPv4(target.host) == nil
      ? "'\(target.host)' is a name; probes dial only addresses in 127.0.0.0/8 unless --allow-network is given"
      : "\(target) is outside 127.0.0.0/8; map it to a loopback listener with --resolve \(declared)=127.0.0.1:PORT, "
        + "or give --allow-network to probe the real lab"
    return .failure(TargetRefused(target: declared, message: why))
  }

  /// Why the policy refuses each endpoint `check` asks, one line each (`hx90/ssh (hx90): …`); empty when
  /// the check may run. `labctl probe` prints these and `serve --probe` leaves such checks out.
  public func refusals(_ check: PlannedCheck) -> [String] {
    check.asked.compactMap { a in
      if case .failure(let why) = dial(a.endpoint) { return "\(check.id) (\(a.label)): \(why.message)" }
      return nil
    }
  }
}

/// `--resolve NAME=127.0.0.1:PORT` overrides: a declared `HOST:PORT` (or every port of `HOST`) dialled elsewhere.
public struct ResolveMap: Sendable, Hashable {
  public private(set) var endpoints: [Endpoint: Endpoint] = [:]
  /// `HOST=ADDRESS`: every port of the host, on the same port of the address.
  public private(set) var hosts: [String: String] = [:]

  public init() {}

  /// Adds one `HOST:PORT=ADDRESS:PORT` or `HOST=ADDRESS` entry; the error says what was expected.
  public mutating func add(_ entry: String) throws(ResolveError) {
    let parts = entry.split(separator: "=", omittingEmptySubsequences: false)
    guard parts.count == 2 else {
      throw ResolveError(
        message: "'\(entry)' is not HOST:PORT=ADDRESS:PORT or HOST=ADDRESS (e.g. 10.10.0.21:22=127.0.0.1:40022)")
    }
    let (from, to) = (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces))
    if let source = Endpoint(from) {
      guard let target = Endpoint(to) else {
        throw ResolveError(message: "'\(to)' in '\(entry)' is not ADDRESS:PORT (e.g. 127.0.0.1:40022)")
      }
      endpoints[source] = target
    } else if !from.isEmpty, !from.contains(":"), IPv4(to) != nil {
      hosts[from] = to
    } else {
      throw ResolveError(
        message: "'\(entry)' is not HOST:PORT=ADDRESS:PORT or HOST=ADDRESS (e.g. 10.10.0.21:22=127.0.0.1:40022)")
    }
  }

  /// Adds every entry of a file: one per line, `#` comments and blank lines ignored; errors say `file:line`.
  public mutating func add(file: String, text: String) throws(ResolveError) {
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        .trimmingCharacters(in: .whitespaces)
      if line.isEmpty { continue }
      do {
        try add(line)
      } catch {
        throw ResolveError(message: "\(file):\(i + 1): error: \(error.message)")
      }
    }
  }

  /// Where a declared endpoint is dialled.
  public func map(_ e: Endpoint) -> Endpoint {
    if let exact = endpoints[e] { return exact }
    if let host = hosts[e.host] { return Endpoint(host: host, port: e.port) }
    return e
  }

  public var isEmpty: Bool { endpoints.isEmpty && hosts.isEmpty }
}

/// A `--resolve` entry or file line that does not parse.
public struct ResolveError: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
