import Foundation
import LabModel
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// One root cause going down or coming back: the JSON body the notifier posts (docs/probe.md, "Webhook").
public struct RootCauseEvent: Codable, Sendable, Hashable {
  /// `down` when the root cause appeared, `up` when it is no longer down.
  public var event: String
  public var lab: String
  public var root: String
  public var kind: String
  public var reason: String?
  /// What it takes down (`impacted by` it), by name.
  public var impacted: [String]
  /// ISO 8601.
  public var at: String
  /// Increasing per notifier: a receiver can drop a replay.
  public var sequence: Int
}

/// Posts root-cause changes to one webhook: only root causes (a dead hypervisor is one event, not one per VM),
/// retried with exponential backoff, never blocking the prober — events wait in a bounded queue (the oldest
/// are dropped past it, and the drop is logged). The URL goes through the same target policy as the probes.
public actor RootCauseNotifier {
  public let url: ProbeURL
  let dialer: Dialer
  let logger: Logger
  /// Attempts per event, and the first pause between them (doubled each time).
  let attempts: Int
  let firstPause: Double
  let deadline: Double
  let capacity: Int

  private var open: [String: RootCauseEvent] = [:]
  private var queue: [RootCauseEvent] = []
  private var waiting: CheckedContinuation<Void, Never>?
  private var sequence = 0
  /// Events delivered (2xx) and given up on, for tests and logs.
  public private(set) var delivered = 0
  public private(set) var failed = 0

  public init(
    url: ProbeURL, policy: TargetPolicy, logger: Logger, attempts: Int = 6, firstPause: Double = 1,
    deadline: Double = 10, capacity: Int = 1000, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
  ) {
    self.url = url
    self.dialer = Dialer(group: group, policy: policy)
    self.logger = logger
    self.attempts = max(1, attempts)
    self.firstPause = firstPause
    self.deadline = deadline
    self.capacity = max(1, capacity)
  }

  /// Compares the root causes of `status` with the last ones seen and queues an event for each change.
  public func observe(_ status: LiveStatus, lab: String, at date: Date) {
    let iso = Date.ISO8601FormatStyle().format(date)
    var now: [String: RootCauseEvent] = [:]
    for incident in status.incidents {
      now[incident.root.name] = RootCauseEvent(
        event: "down", lab: lab, root: incident.root.name, kind: incident.root.kind.rawValue,
        reason: incident.reason, impacted: incident.impacted.map(\.name), at: iso, sequence: 0)
    }
    for (name, event) in now.sorted(by: { $0.key < $1.key }) where open[name] == nil { enqueue(event) }
    for (name, was) in open.sorted(by: { $0.key < $1.key }) where now[name] == nil {
      var back = was
      back.event = "up"
      back.reason = nil
      back.at = iso
      enqueue(back)
    }
    open = now
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
    waiting?.resume()
    waiting = nil
  }

  /// Delivers queued events in order until cancelled.
  public func run() async {
    while !Task.isCancelled {
      guard let next = queue.first else {
        await withTaskCancellationHandler {
          await withCheckedContinuation { c in if Task.isCancelled { c.resume() } else { waiting = c } }
        } onCancel: {
          Task { await self.wake() }
        }
        continue
      }
      await deliver(next)
      if queue.first == next { queue.removeFirst() }
    }
  }

  private func wake() {
    waiting?.resume()
    waiting = nil
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
