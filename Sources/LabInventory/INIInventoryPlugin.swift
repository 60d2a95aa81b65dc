import Foundation
import LabIO
import LabModel

/// Ansible's `ini` inventory plugin: `[group]`, `[group:children]`, `[group:vars]`,
/// hosts with inline `key=value` variables, values typed by `ast.literal_eval`.
struct INIInventoryPlugin {
  let file: String

  struct Pending {
    var line: Int
    var state: String
    var name: String
    var parents: [String]
  }

  func parse(_ text: String, into data: inout InventoryData) throws(InventoryError) {
    var groupname = "ungrouped"
    var state = "hosts"
    var pending: [String: Pending] = [:]
    var pendingOrder: [String] = []
    var lineNumber = 0
    func fail(_ message: String, line: Int? = nil) -> InventoryError {
      InventoryError(message, file: file, line: line ?? lineNumber, column: 1)
    }
    for rawLine in text.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    {
      lineNumber += 1
      let line = Self.strip(rawLine)
      guard let first = line.first, first != "#", first != ";" else { continue }
      let location = SourceLocation(file: file, line: lineNumber, column: 1)
      if let (name, tag) = Self.section(line) {
        groupname = name
        state = tag ?? "hosts"
        guard ["hosts", "children", "vars"].contains(state) else {
          throw fail("Section [\(name):\(tag ?? "")] has unknown type: \(state)")
        }
        if data.groupIndex[groupname] == nil {
          if state == "vars" && pending[groupname] == nil {
            pending[groupname] = Pending(line: lineNumber, state: state, name: groupname, parents: [])
            pendingOrder.append(groupname)
          }
          _ = data.addGroup(groupname, at: location)
        }
        if let p = pending[groupname], state != "vars" {
          if p.state == "children" {
            do { try addPendingChildren(groupname, &pending, &data) } catch { throw fail(error.text) }
          } else if p.state == "vars" {
            pending[groupname] = nil
          }
        }
        continue
      } else if line.hasPrefix("[") && line.hasSuffix("]") {
        throw fail(
          "Invalid section entry: '\(line)'. Please make sure that there are no spaces in the section entry, "
            + "and that there are no other invalid characters")
      }
      switch state {
      case "hosts":
        let tokens: [String]
        do { tokens = try ShellWords.split(line) } catch {
          throw fail("Error parsing host definition '\(line)': \(error.text)")
        }
        guard let pattern = tokens.first else { throw fail("Expected a host definition, got: \(line)") }
        let expanded: (hosts: [String], port: Int?)
        do {
          expanded = try HostPattern.expand(pattern)
          try data.countExpanded(expanded.hosts.count)
        } catch { throw fail(error.text) }
        if pattern.trimmingCharacters(in: .whitespaces).hasSuffix(":") && expanded.port == nil {
          throw fail(
            "Invalid host pattern '\(pattern)' supplied, ending in ':' is not allowed, "
              + "this character is reserved to provide a port."
          )
        }
        if expanded.hosts.contains(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) {
          throw fail("Invalid host pattern '\(pattern)' supplied, '---' is normally a sign this is a YAML file.")
        }
        var vars: [(String, JSONValue)] = []
        for t in tokens.dropFirst() {
          guard let eq = t.firstIndex(of: "=") else {
            throw fail("Expected key=value host variable assignment, got: \(t)")
          }
          vars.append((String(t[..<eq]), PythonLiteral.value(String(t[t.index(after: eq)...]))))
        }
        let g = data.groupIndex[groupname]
        for host in expanded.hosts {
          guard !host.isEmpty else { throw fail("Invalid empty host name provided: ") }
          _ = data.addHost(host, group: g, port: expanded.port, at: location)
          for (k, v) in vars {
            do { try data.setVariable(host, k, v) } catch { throw fail(error.text) }
          }
        }
      case "vars":
        guard let eq = line.firstIndex(of: "=") else { throw fail("Expected key=value, got: \(line)") }
        let k = line[..<eq].trimmingCharacters(in: .whitespacesAndNewlines)
        let v = line[line.index(after: eq)...].trimmingCharacters(in: .whitespacesAndNewlines)
        do { try data.setVariable(groupname, k, PythonLiteral.value(v)) } catch { throw fail(error.text) }
      default:  // children
        guard let child = Self.groupName(line) else { throw fail("Expected group name, got: \(line)") }
        if data.groupIndex[child] == nil {
          if pending[child] == nil {
            pending[child] = Pending(line: lineNumber, state: state, name: child, parents: [groupname])
            pendingOrder.append(child)
          } else {
            pending[child]!.parents.append(groupname)
          }
        } else {
          do { try data.addChild(groupname, child) } catch { throw fail(error.text) }
        }
      }
    }
    for name in pendingOrder {
      guard let p = pending[name] else { continue }
      if p.state == "vars" {
        throw fail("Section [\(p.name):vars] not valid for undefined group '\(p.name)'.", line: p.line)
      } else {
        throw fail(
          "Section [\(p.parents.last ?? ""):children] includes undefined group '\(p.name)'.", line: p.line)
      }
    }
  }

  func addPendingChildren(
    _ group: String, _ pending: inout [String: Pending], _ data: inout InventoryData
  ) throws(InventoryMessage) {
    guard let p = pending[group] else { return }
    for parent in p.parents {
      try data.addChild(parent, group)
      if let pp = pending[parent], pp.state == "children" { try addPendingChildren(parent, &pending, &data) }
    }
    pending[group] = nil
  }

  /// Python's `str.strip()`: ASCII fast path, Foundation for the rest.
  static func strip(_ s: Substring) -> String {
    let u = s.utf8
    if let f = u.first, let l = u.last, f > 0x20, f < 0x80, l > 0x20, l < 0x80 { return String(s) }
    return s.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// `^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$`
  static func section(_ line: String) -> (String, String?)? {
    guard line.hasPrefix("[") else { return nil }
    let body = line.dropFirst()
    guard let close = body.firstIndex(of: "]") else { return nil }
    let inside = body[..<close]
    let rest = body[body.index(after: close)...].drop { $0 == " " || $0 == "\t" }
    guard rest.isEmpty || rest.hasPrefix("#") else { return nil }
    let parts = inside.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    let name = parts[0]
    guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "]" }) else { return nil }
    if parts.count == 2 {
      let tag = parts[1]
      guard !tag.isEmpty, tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
      return (String(name), String(tag))
    }
    return (String(name), nil)
  }

  /// `^([^:\]\s]+)\s*(?:#.*)?$`
  static func groupName(_ line: String) -> String? {
    let name = line.prefix { !($0 == ":" || $0 == "]" || $0.isWhitespace) }
    guard !name.isEmpty else { return nil }
    let rest = line.dropFirst(name.count).drop { $0.isWhitespace }
    guard rest.isEmpty || rest.hasPrefix("#") else { return nil }
    return String(name)
  }
}
