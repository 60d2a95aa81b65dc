import Foundation

/// Runs a command inside a named network namespace with `nsenter --net=/run/netns/NAME` (util-linux, essential
/// on Debian). Unlike `ip netns exec` and `ip -n`, nsenter remounts nothing, so it also works in a chroot, whose
/// `/` is no mount point ("mount --make-rslave / failed: Invalid argument"). Without nsenter, `ip netns exec`.
enum NetNS {
  static let nsenter = ["/usr/bin/nsenter", "/bin/nsenter"].first { FileManager.default.isExecutableFile(atPath: $0) }

  /// The tool and arguments that run `args` (a command and its arguments) inside `ns`.
  static func command(_ ns: String, ip: String, _ args: [String]) -> (tool: String, arguments: [String]) {
    guard let nsenter else { return (ip, ["netns", "exec", ns] + args) }
    return (nsenter, ["--net=/run/netns/\(ns)"] + args)
  }
}
