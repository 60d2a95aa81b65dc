import Foundation
import LabModel
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// One root cause going down or coming back: the JSON body the notifier posts (docs/probe.md, "Webhook").
public struct RootCauseEvent: Codable, Sendable, Hashable {
  /// `down` when a root cause has held for the notifier's hold time; `up` when it is no longer down;
  /// `impacted` when it is still down but now because of another root cause (named in `impacted_by`).
  public var event: String
  public var lab: String
  public var root: String
  public var kind: String
  public var reason: String?
  /// What it takes down (`impacted by` it), by name.
  public var impacted: [String]
  /// With `impacted`: the root causes it is down because of.
  public var impactedBy: [String]?
  /// ISO 8601.
  public var at: String
  /// Increasing per notifier: a receiver can drop a replay.
  public var sequence: Int
}

/// Posts root-cause changes to one webhook: only root causes (a dead hypervisor is one event, not one per VM),
/// retried with exponential backoff, never blocking the prober — events wait in a bounded queue (the oldest
/// are dropped past it, and the drop is logged). The URL goes through the same target policy as the probes.
///
/// A root cause is posted only once it has held for `hold` seconds: when a hypervisor dies, its own check and
/// its VMs' checks fail at their own moments, so for a few seconds a VM can look like a root cause of its own
/// and the hypervisor can look as if it took nothing down. After the hold, the event names the settled root
/// and everything it takes down; a root that vanished within the hold is never posted.
public actor RootCauseNotifier {
  public let url: ProbeURL
  let dialer: Dialer
  let logger: Logger
  /// Attempts per event, and the first pause between them (doubled each time).
  let attempts: Int
  let firstPause: Double
  let deadline: Double
  let capacity: Int
  let hold: Double

  private var candidates: [String: (event: RootCauseEvent, since: Date)] = [:]
  private var notified: [String: RootCauseEvent] = [:]
  private var queue: [RootCauseEvent] = []
  private var sequence = 0
  /// Events delivered (2xx) and given up on, for tests and logs.
  public private(set) var delivered = 0
  public private(set) var failed = 0

  public init(
    url: ProbeURL, policy: TargetPolicy, logger: Logger, hold: Double = 0, attempts: Int = 6, firstPause: Double = 1,
    deadline: Double = 10, capacity: Int = 1000, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
  ) {
    self.url = url
    self.dialer = Dialer(group: group, policy: policy)
    self.logger = logger
    self.hold = max(0, hold)
    self.attempts = max(1, attempts)
    self.firstPause = firstPause
    self.deadline = deadline
    self.capacity = max(1, capacity)
  }

  /// Takes the lab's live status: new root causes start their hold, posted roots that are no longer root causes
  /// are posted as `up` or `impacted`.
  public func observe(_ status: LiveStatus, lab: String, at date: Date) {
    let iso = Date.ISO8601FormatStyle().format(date)
    var now: [String: RootCauseEvent] = [:]
    for incident in status.incidents {
      now[incident.root.name] = RootCauseEvent(
        event: "down", lab: lab, root: incident.root.name, kind: incident.root.kind.rawValue,
        reason: incident.reason, impacted: incident.impacted.map(\.name), impactedBy: nil, at: iso, sequence: 0)
    }
    for (name, event) in now {
      if notified[name] != nil {
        notified[name] = event
      } else {
        candidates[name] = (event, candidates[name]?.since ?? date)
      }
    }
    for name in candidates.keys where now[name] == nil { candidates[name] = nil }
    for (name, was) in notified.sorted(by: { $0.key < $1.key }) where now[name] == nil {
      var back = was
      back.at = iso
      back.reason = nil
      if let entry = status.entries.first(where: { $0.owner.name == name }), entry.state == .down,
        !entry.impactedBy.isEmpty
      {
        back.event = "impacted"
        back.impactedBy = entry.impactedBy
      } else {
        back.event = "up"
      }
      notified[name] = nil
      enqueue(back)
    }
    promote(date)
  }

  /// Posts the root causes that have held long enough.
  func promote(_ date: Date) {
    for (name, c) in candidates.sorted(by: { $0.key < $1.key }) where date.timeIntervalSince(c.since) >= hold {
      var event = c.event
      event.at = Date.ISO8601FormatStyle().format(date)
      candidates[name] = nil
      notified[name] = event
      enqueue(event)
    }
  }

  private func enqueue(_ event: RootCauseEvent) {
    sequence += 1
    var e = event
    e.sequence = sequence
    if queue.count >= capacity {
      let dropped = queue.removeFirst()
      logger.warning("notifier: queue full, dropped event \(dropped.sequence) (\(dropped.root) \(dropped.event))")
    }
    queue.append(e)
  }

  /// Delivers queued events in order, and posts held root causes when their hold is over, until cancelled.
  public func run() async {
    while !Task.isCancelled {
      promote(Date())
      guard let next = queue.first else {
        try? await Task.sleep(for: .milliseconds(200))
        continue
      }
      await deliver(next)
      if queue.first == next { queue.removeFirst() }
    }
  }

  private func deliver(_ event: RootCauseEvent) async {
    let body = Array(LabJSON.string(event).utf8)
    var pause = firstPause
    for attempt in 1...attempts {
      if Task.isCancelled { return }
      do {
        let until = NIODeadline.now() + .nanoseconds(Int64(deadline * 1e9))
        let answer = try await dialer.http(
          url, hostHeader: nil, verify: true, method: .POST, body: body, contentType: "application/json",
          until: until)
        if (200..<300).contains(answer.status) {
          delivered += 1
          return
        }
        logger.warning("notifier: \(url) answered \(answer.status) to event \(event.sequence) (attempt \(attempt))")
      } catch {
        logger.warning(
          "notifier: event \(event.sequence) not delivered (attempt \(attempt)): \(Dialer.describe(error))")
      }
      if attempt < attempts {
        try? await Task.sleep(for: .seconds(pause * Double.random(in: 0.8...1.2)))
        pause *= 2
      }
    }
    failed += 1
    logger.error(
      "notifier: gave up on event \(event.sequence) (\(event.root) \(event.event)) after \(attempts) attempts")
  }
}
