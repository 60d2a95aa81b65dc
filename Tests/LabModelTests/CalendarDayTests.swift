import Foundation
import LabModel
import Testing

@Suite struct CalendarDayTests {
  @Test(arguments: ["2025-09-01", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"])
  func parsesExistingDaysAndWritesThemBack(_ text: String) throws {
    let day = try #require(CalendarDay(text))
    #expect(day.description == text)
  }

  @Test(arguments: [
    "2025-9-1", "25-09-01", "2025/09/01", "2025-09-01T00:00:00Z", "2025-09-01 ", "", "September",
    "2025-13-01", "2025-00-10", "2025-02-29", "1900-02-29", "2025-04-31", "2025-09-00", "+025-09-01", "٢٠٢٥-09-01",
  ])
  func refusesAnythingElse(_ text: String) {
    #expect(CalendarDay(text) == nil, "\(text)")
  }

  @Test func ordersByDate() throws {
    let days = try ["2025-09-01", "2024-12-31", "2025-01-15", "2025-09-02"].map { try #require(CalendarDay($0)) }
    #expect(days.sorted().map(\.description) == ["2024-12-31", "2025-01-15", "2025-09-01", "2025-09-02"])
  }

  @Test func aMomentFallsOnTheDayOfTheTimeZoneGiven() throws {
    // 2025-08-31T23:30:00Z: still August in UTC, already September in Berlin (UTC+2 in summer).
    let moment = Date(timeIntervalSince1970: 1_756_683_000)
    #expect(CalendarDay(moment, in: try #require(TimeZone(identifier: "UTC"))).description == "2025-08-31")
    #expect(CalendarDay(moment, in: try #require(TimeZone(identifier: "Europe/Berlin"))).description == "2025-09-01")
  }

  @Test func aWaiverExpiresOnItsDayNotBefore() throws {
    let waiver = Waiver(rule: "etcd-quorum", item: "staging", reason: "r", expires: CalendarDay("2025-09-01"), index: 0)
    #expect(!waiver.hasExpired(on: try #require(CalendarDay("2025-08-31"))))
    #expect(waiver.hasExpired(on: try #require(CalendarDay("2025-09-01"))))
    #expect(waiver.hasExpired(on: try #require(CalendarDay("2026-01-01"))))
    let forever = Waiver(rule: "etcd-quorum", item: "staging", reason: "r", index: 0)
    #expect(!forever.hasExpired(on: try #require(CalendarDay("9999-12-31"))))
  }
}
