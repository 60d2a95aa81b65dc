import Foundation
import LabModel
import NIOCore

/// Runs one planned check once: each asked endpoint, retried on failure up to `fails` attempts, all inside
/// the check's one deadline.
struct CheckRunner: Sendable {
  let dialer: Dialer

  func run(_ planned: PlannedCheck) async -> CheckResult {
    let clock = ContinuousClock()
    let started = clock.now
    let deadline = NIODeadline.now() + .nanoseconds(Int64(planned.timeout * 1e9))
    var attempts = 0
    var asked: [AskedResult] = []
    repeat {
      attempts += 1
      asked = await askAll(planned, until: deadline)
      if asked.allSatisfy({ $0.state != .down }) { break }
      // A short jittered pause before the retry, never past the deadline.
      let pause = Double.random(in: 0.05...0.15)
      guard attempts < planned.fails, NIODeadline.now() + .milliseconds(Int64(pause * 1000)) < deadline else { break }
      try? await Task.sleep(for: .seconds(pause))
    } while !Task.isCancelled
    var result = CheckResult(
      id: planned.id, owner: planned.owner, name: planned.check.name, state: .up,
      latency: asked.map(\.latency).max() ?? 0, reason: nil, asked: asked, disagreement: nil, attempts: attempts,
      elapsed: (clock.now - started).seconds)
    summarise(&result, planned)
    return result
  }

  /// Every asked endpoint at once (a DNS check's instances and VIP), in the planned order.
  private func askAll(_ planned: PlannedCheck, until deadline: NIODeadline) async -> [AskedResult] {
    await withTaskGroup(of: (Int, AskedResult).self) { group in
      for (i, a) in planned.asked.enumerated() {
        group.addTask { (i, await ask(a, planned.check, until: deadline)) }
      }
      var out = [AskedResult?](repeating: nil, count: planned.asked.count)
      for await (i, r) in group { out[i] = r }
      return out.compactMap { $0 }
    }
  }

  private func ask(_ asked: Asked, _ check: Check, until deadline: NIODeadline) async -> AskedResult {
    let clock = ContinuousClock()
    let start = clock.now
    var result = AskedResult(
      label: asked.label, endpoint: asked.endpoint, state: .up, latency: 0, reason: nil, answers: [])
    do {
      switch check.kind {
      case .tcp:
        try await dialer.tcp(asked.endpoint, until: deadline)
      case .http:
        guard let url = check.url else { throw ProbeFailure("no URL") }
        let answer = try await dialer.http(url, hostHeader: check.hostHeader, verify: check.tlsVerify, until: deadline)
        try judge(answer, check)
      case .dns:
        let type = check.recordType ?? .a
        let answers = try await dialer.dns(asked.endpoint, name: check.query ?? ".", type: type, until: deadline)
        result.answers = answers
        let expected = Set(check.expect.map { DNSMessage.normalise($0, type: type) })
        if !expected.isEmpty, Set(answers) != expected {
          throw ProbeFailure(
            "\(type.rawValue) \(check.query ?? "") answered \(answers.joined(separator: ", ")); expected "
              + expected.sorted().joined(separator: ", "))
        }
      case .promql:
        guard let url = check.url else { throw ProbeFailure("no Prometheus URL") }
        try await dialer.promql(url, query: check.query ?? "", expect: check.expect.first, until: deadline)
      }
    } catch {
      let failure = error as? ProbeFailure ?? ProbeFailure(Dialer.describe(error))
      result.state = failure.degraded ? .degraded : .down
      result.reason = failure.message
    }
    result.latency = (clock.now - start).seconds
    return result
  }

  /// An HTTP answer against the check: the status, the body text, the certificate's days left.
  private func judge(_ answer: HTTPAnswer, _ check: Check) throws {
    if let want = check.status {
      guard answer.status == want else { throw ProbeFailure("HTTP \(answer.status); expected \(want)") }
    } else if !(200..<400).contains(answer.status) {
      throw ProbeFailure("HTTP \(answer.status); expected 2xx or 3xx")
    }
    if let text = check.body, !answer.body.contains(text) {
      throw ProbeFailure("the body does not contain '\(text)'")
    }
    if let minimum = check.certDays, let expiry = answer.certificateExpiry {
      let days = Int((Double(expiry) - Date().timeIntervalSince1970) / 86400)
      if days < minimum {
        throw ProbeFailure(
          days < 0 ? "the certificate expired \(-days) days ago" : "the certificate expires in \(days) days",
          degraded: days >= 0)
      }
    }
  }

  /// The check's state from its asked endpoints: a DNS check is up when every one answers alike, degraded when
  /// some fail but the VIP (or another instance) answers, or they disagree; down when none answers.
  private func summarise(_ r: inout CheckResult, _ planned: PlannedCheck) {
    let failed = r.asked.filter { $0.state != .up }
    let worst = r.asked.map(\.state).max() ?? .down
    if planned.check.kind == .dns && r.asked.count > 1 {
      let answering = r.asked.filter { !$0.answers.isEmpty }
      let distinct = Set(answering.map(\.answers))
      if distinct.count > 1 {
        r.disagreement = answering.map { "\($0.label) says \($0.answers.joined(separator: ", "))" }
          .joined(separator: "; ")
      }
      let vipUp = r.asked.last.map { $0.label != "VIP" || $0.state == .up } ?? false
      if failed.count == r.asked.count {
        r.state = .down
      } else if !failed.isEmpty || r.disagreement != nil {
        r.state = vipUp ? .degraded : .down
      }
      if failed.count == r.asked.count || !failed.isEmpty {
        r.reason = failed.map { "\($0.label): \($0.reason ?? "down")" }.joined(separator: "; ")
      }
      if let d = r.disagreement { r.reason = (r.reason.map { $0 + "; " } ?? "") + "instances disagree: " + d }
      return
    }
    r.state = worst
    r.reason = failed.first?.reason
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
