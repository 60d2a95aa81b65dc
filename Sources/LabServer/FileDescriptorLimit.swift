#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process's open-file limit (RLIMIT_NOFILE): every connection, and every file a reload reads, takes
/// one descriptor from it.
public enum FileDescriptorLimit {
  /// Descriptors kept free of connections: for the reloader's reads, the listening socket, logs, refusals.
  public static let reserve = 64

  /// Raises the soft limit to the hard one (most systems start a process at 1024 of a far higher hard
  /// limit) and returns the soft limit in force; nil when it cannot be read.
  @discardableResult
  public static func raise() -> Int? {
    var limits = rlimit()
    guard getrlimit(resourceNoFile, &limits) == 0 else { return nil }
    if limits.rlim_cur < limits.rlim_max {
      var raised = limits
      raised.rlim_cur = limits.rlim_max
      #if canImport(Darwin)
        // Darwin refuses a soft limit above OPEN_MAX however high the hard one is.
        raised.rlim_cur = min(raised.rlim_cur, rlim_t(OPEN_MAX))
      #endif
      if setrlimit(resourceNoFile, &raised) == 0 { limits = raised }
    }
    return limits.rlim_cur == rlim_t.max ? Int(Int32.max) : Int(clamping: limits.rlim_cur)
  }

  /// The default `--max-connections` for a soft limit: what is left after the reserve (at least 1).
  public static func defaultMaxConnections(softLimit: Int) -> Int { max(1, softLimit - reserve) }

  #if canImport(Glibc)
    private static let resourceNoFile = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
  #else
    private static let resourceNoFile = RLIMIT_NOFILE
  #endif
}
