import Foundation
import LabModel

/// The one place labctl reads the date: what the command line and the server pass the pipeline as "today".
/// The pure stages (waivers, the page) are given a day and never read a clock.
public enum SystemCalendar {
  /// Today in the system's time zone (`TZ`).
  @Sendable public static func today() -> CalendarDay { CalendarDay(Date(), in: .current) }
}
