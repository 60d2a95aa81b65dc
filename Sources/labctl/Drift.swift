import ArgumentParser
import Foundation
import LabExport
import LabIO
import LabModel
import LabPipeline

extension Labctl {
  /// `labctl drift`: what runs against what the model says.
  struct Drift: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare what runs with what the model says, record by record.",
      subcommands: [DNS.self, Nftables.self])
  }
}

extension Labctl.Drift {
  /// `labctl drift dns`: each zone the model exports, taken from a running server by AXFR.
  struct DNS: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "dns",
      abstract: "Take every zone the model exports from a running DNS server by AXFR and compare.",
      discussion: """
        The transfer runs `kdig @HOST -p PORT ZONE AXFR` (Debian knot-dnsutils); the server must allow \
        AXFR from this host. Prints `+ record` (the model has it, the server does not), `- record` (the \
        reverse) and `~ name type` (other data or TTL); SOA records are not compared. Exit status: 0 no \
        drift, 1 drift or a failed transfer, 2 unreadable input.
        """)

    @OptionGroup var lab: LabOptions
    @Option(name: .long, help: "The server, HOST:PORT (PORT defaults to 53).") var server: String

    func run() throws {
      let checked = try Loading.check(lab.path)
      guard let lab = checked.lab else { throw ExitCode(1) }
      let (host, port) = try endpoint()
      guard let kdig = Self.find("kdig") else {
        Terminal.standardError("drift: kdig not found on PATH (apt-get install knot-dnsutils)\n")
        throw ExitCode(1)
      }
      var drifted = false
      for zone in ZoneExporter(lab).zones() {
        let (status, output, errors) = try Self.run(
          kdig, ["@\(host)", "-p", port, "+time=3", "+retry=1", zone.origin, "AXFR"])
        let live = DNSRecord.parse(presentation: output)
        if status != 0 || output.contains("; Transfer failed") || live.isEmpty && !output.contains("SOA") {
          Terminal.standardError("drift: AXFR of \(zone.origin) from \(server) failed: \(errors)\(output)\n")
          drifted = true
          continue
        }
        let changes = DNSDrift.compare(model: zone.records, live: live)
        print(
          "\(zone.origin) \(changes.isEmpty ? "in step" : "\(changes.count) record set\(changes.count == 1 ? "" : "s") drifted")"
        )
        for change in changes { print(change.description) }
        drifted = drifted || !changes.isEmpty
      }
      if drifted { throw ExitCode(1) }
    }

    func endpoint() throws -> (String, String) {
      let parts = server.split(separator: ":", omittingEmptySubsequences: false)
      guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.count == 1 || UInt16(parts[1]) != nil else {
        throw ValidationError("--server: expected HOST:PORT (e.g. 127.0.0.1:5353), got '\(server)'")
      }
      return (String(parts[0]), parts.count == 2 ? String(parts[1]) : "53")
    }

    static func find(_ name: String) -> String? {
      (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> (Int32, String, String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: tool)
      process.arguments = arguments
      let out = Pipe()
      let err = Pipe()
      process.standardOutput = out
      process.standardError = err
      try ProcessLaunch.run(process)
      let data = out.fileHandleForReading.readDataToEndOfFile()
      let errors = err.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      try? out.fileHandleForReading.close()
      try? err.fileHandleForReading.close()
      return (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
  }
}

extension Labctl.Drift {
  /// `labctl drift nftables`: the router's live ruleset (`nft -j list ruleset`) against the exported one.
  struct Nftables: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "nftables",
      abstract: "Compare a router's live nftables ruleset (nft -j list ruleset) with the one the model exports.",
      discussion: """
        On the router: `nft -j list ruleset | labctl drift nftables DIR --ruleset -` (listing needs root; \
        labctl itself needs none and changes nothing). Compares every table, chain (type, hook, priority, \
        policy), named set and its elements, and rule; rules per chain as a multiset, then for order. Prints \
        `+ line` (the model has it, the router does not), `- line` (the reverse) and `~ line` (both have \
        it, declared otherwise or at another place in its chain). Exit status: 0 no drift, 1 drift, \
        2 unreadable input (the spec, or a ruleset that is not nft's JSON).
        """)

    @OptionGroup var lab: LabOptions
    @Option(
      name: .long,
      help: ArgumentHelp(
        "The live ruleset as nft -j list ruleset prints it; - reads standard input.", valueName: "file|-"))
    var ruleset: String

    func run() throws {
      let live: NftRuleset
      do {
        let (bytes, source) = try Self.read(ruleset, limit: NftInputLimits.standard.maxBytes)
        live = try NftRuleset.parse(json: bytes, source: source)
      } catch let error as NftInputError {
        Terminal.standardError("\(error)\n")
        throw ExitCode(2)
      }
      let checked = try Loading.check(lab.path)
      guard let lab = checked.lab else { throw ExitCode(1) }
      let model = NftablesExporter(lab).model()
      let changes = NftablesDrift.compare(model: model, live: live)
      var tables = model.tables.map(\.key)
      for table in live.tables where !tables.contains(table.key) { tables.append(table.key) }
      for table in tables {
        let mine = changes.filter { $0.table == table }
        print(
          "table \(table) \(mine.isEmpty ? "in step" : "drifted: \(mine.count) difference\(mine.count == 1 ? "" : "s")")"
        )
        for change in mine { print(change.description) }
      }
      if !changes.isEmpty { throw ExitCode(1) }
    }

    /// The bytes of FILE, or of standard input for `-`, read up to one byte past `limit` (so a larger input
    /// is refused without being read to its end).
    static func read(_ path: String, limit: Int) throws -> ([UInt8], String) {
      let source = path == "-" ? "<stdin>" : path
      var isDirectory: ObjCBool = false
      if path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw NftInputError(source: source, message: "is a directory (expected the output of nft -j list ruleset)")
      }
      guard let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path) else {
        throw NftInputError(source: source, message: "cannot be opened (no such file, or not readable)")
      }
      var data = Data()
      do {
        while data.count <= limit, let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
          data.append(chunk)
        }
      } catch {
        throw NftInputError(source: source, message: "cannot be read")
      }
      guard data.count <= limit else { throw NftInputError.tooLarge(source, limit: limit) }
      return (Array(data), source)
    }
  }
}
