import NIOConcurrencyHelpers

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `Date` response header (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), formatted at most
/// once a second and shared by every connection.
final class HTTPDateCache: Sendable {
  private let cached = NIOLockedValueBox<(second: Int, text: String)>((-1, ""))

  init() {}

  /// Now, as a header value.
  var now: String {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    let second = Int(spec.tv_sec)
    return cached.withLockedValue { cache in
      if cache.second != second { cache = (second, Self.format(second)) }
      return cache.text
    }
  }

  private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
  private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  /// `seconds` since the epoch as an IMF-fixdate.
  static func format(_ seconds: Int) -> String {
    var time = time_t(seconds)
    var parts = tm()
    gmtime_r(&time, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return days[Int(parts.tm_wday)] + ", " + two(parts.tm_mday) + " " + months[Int(parts.tm_mon)] + " "
      + String(parts.tm_year + 1900) + " " + two(parts.tm_hour) + ":" + two(parts.tm_min) + ":"
      + two(parts.tm_sec) + " GMT"
  }
}
