import Foundation
import LabModel
import LabProbe
import NIOConcurrencyHelpers

/// What the prober last saw, as the page and the API show it: every check's reported state, the lab's live
/// status (root causes and what they take down), uptime and the last incidents from the history, and when a
/// check last ran. Updated by `ProbeService`; read by the page decoration, `/api/v1/status` and
/// `/api/v1/events`. One lock, short critical sections, no I/O under it.
public final class LiveBoard: Sendable {
  /// Everything the board holds at one moment, consistent with itself.
  public struct Snapshot: Sendable {
    /// Increases with every published change (state, uptime, incidents); 0 before the first.
    public var version = 0
    public var lab = ""
    public var status: LiveStatus?
    /// Per check id: uptime over 24 h, 7 d and 30 d (0…1).
    public var uptime: [String: [Double]] = [:]
    public var incidents: [StoredIncident] = []
    /// When any check last finished.
    public var lastChecked: Date?
    /// Checks planned for the lab being served.
    public var planned = 0
  }

  private struct State {
    var snapshot = Snapshot()
    var subscribers: [UInt64: AsyncStream<String>.Continuation] = [:]
    var nextSubscriber: UInt64 = 0
  }

  private let state = NIOLockedValueBox(State())
  /// The most listeners `/api/v1/events` keeps at once; past it a new one is refused (503).
  public let maxSubscribers: Int

  public init(maxSubscribers: Int = 256) { self.maxSubscribers = maxSubscribers }

  public var snapshot: Snapshot { state.withLockedValue { $0.snapshot } }

  /// Publishes a new live status; every listener gets an event.
  public func publish(lab: String, status: LiveStatus, planned: Int, at date: Date) {
    announce { s in
      s.snapshot.lab = lab
      s.snapshot.status = status
      s.snapshot.planned = planned
      s.snapshot.lastChecked = date
    }
  }

  /// Publishes the history's figures (uptime, the last incidents) and nothing else: the live status stays the
  /// newest the prober published. A history write takes a while, and the prober publishes meanwhile; when the
  /// history's publish carried the status it had read before its write, it put that older status back, and
  /// with every check settled no later change replaced it (seen in full runs: 19 of 23 checks for good, or a
  /// host taken away shown up again).
  public func publishHistory(uptime: [String: [Double]], incidents: [StoredIncident]) {
    announce { s in
      s.snapshot.uptime = uptime
      s.snapshot.incidents = incidents
    }
  }

  /// A new set of checks starts (the first run, or a reload changed them): no results yet.
  public func restart(lab: String, planned: Int) {
    announce { s in
      s.snapshot.lab = lab
      s.snapshot.status = nil
      s.snapshot.planned = planned
    }
  }

  /// Applies `change` as a new version of the snapshot and tells every listener that version is out.
  private func announce(_ change: (inout State) -> Void) {
    let (listeners, version) = state.withLockedValue { s -> ([AsyncStream<String>.Continuation], Int) in
      s.snapshot.version += 1
      change(&s)
      return (Array(s.subscribers.values), s.snapshot.version)
    }
    let event = Self.event("status", data: "{\"version\":\(version)}")
    for l in listeners { l.yield(event) }
  }

  /// Records that a check ran (no change to publish): "last checked N s ago".
  public func touched(at date: Date) {
    state.withLockedValue { s in
      if s.snapshot.lastChecked.map({ $0 < date }) ?? true { s.snapshot.lastChecked = date }
    }
  }

  /// A heartbeat to every listener, carrying when a check last ran (keeps proxies from closing the stream).
  public func heartbeat() {
    let (listeners, checked) = state.withLockedValue { ($0.subscribers.values.map { $0 }, $0.snapshot.lastChecked) }
    let at = checked.map { "\"" + Date.ISO8601FormatStyle().format($0) + "\"" } ?? "null"
    let event = Self.event("checked", data: "{\"last_checked\":\(at)}")
    for l in listeners { l.yield(event) }
  }

  /// A stream of Server-Sent Events for one listener, or nil when `maxSubscribers` are listening. The first
  /// event says which version is current, so a page rendered before it catches up at once.
  public func subscribe() -> (id: UInt64, events: AsyncStream<String>)? {
    let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(16))
    let id: UInt64? = state.withLockedValue { s in
      guard s.subscribers.count < maxSubscribers else { return nil }
      s.nextSubscriber += 1
      s.subscribers[s.nextSubscriber] = continuation
      continuation.yield(Self.event("status", data: "{\"version\":\(s.snapshot.version)}"))
      return s.nextSubscriber
    }
    guard let id else { return nil }
    continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
    return (id, stream)
  }

  public func unsubscribe(_ id: UInt64) {
    let removed = state.withLockedValue { $0.subscribers.removeValue(forKey: id) }
    removed?.finish()
  }

  /// Listeners connected now.
  public var subscriberCount: Int { state.withLockedValue { $0.subscribers.count } }

  /// Ends every stream (shutdown).
  public func finishAll() {
    let all = state.withLockedValue { s -> [AsyncStream<String>.Continuation] in
      defer { s.subscribers = [:] }
      return Array(s.subscribers.values)
    }
    for c in all { c.finish() }
  }

  /// One Server-Sent Event: `event:` and a one-line `data:`.
  static func event(_ name: String, data: String) -> String { "event: \(name)\ndata: \(data)\n\n" }
}
