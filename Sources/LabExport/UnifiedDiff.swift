import LabModel

/// A unified diff (`diff -u` format, 3 lines of context) of two texts or two artifact trees.
public enum UnifiedDiff {
  /// Every file that differs between two trees, each as a unified diff; a file only on one side is
  /// diffed against nothing (`/dev/null`).
  public static func trees(old: ArtifactSet, new: ArtifactSet, oldRoot: String, newRoot: String) -> String {
    let paths = Set(old.files.map(\.path)).union(new.files.map(\.path)).sorted()
    var out = ""
    for path in paths {
      let a = old[path].map { String(decoding: $0.contents, as: UTF8.self) }
      let b = new[path].map { String(decoding: $0.contents, as: UTF8.self) }
      guard a != b else { continue }
      out += text(
        old: a ?? "", new: b ?? "", oldName: a == nil ? "/dev/null" : "\(oldRoot)/\(path)",
        newName: b == nil ? "/dev/null" : "\(newRoot)/\(path)")
    }
    return out
  }

  /// The unified diff of two texts; empty when they are equal.
  public static func text(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
    let a = lines(old)
    let b = lines(new)
    guard a != b else { return "" }
    let ops = script(a, b)
    var out = "--- \(oldName)\n+++ \(newName)\n"
    // Group the edit script into hunks: changes with up to `context` equal lines around them.
    var index = 0
    while index < ops.count {
      guard ops[index].kind != " " else {
        index += 1
        continue
      }
      var start = index
      var equalBefore = 0
      while start > 0, ops[start - 1].kind == " ", equalBefore < context {
        start -= 1
        equalBefore += 1
      }
      var end = index
      var run = 0
      while end < ops.count {
        if ops[end].kind == " " {
          run += 1
          if run > 2 * context { break }
        } else {
          run = 0
        }
        end += 1
      }
      end -= max(0, run - context)
      let hunk = ops[start..<end]
      let oldStart = hunk.first!.oldLine
      let newStart = hunk.first!.newLine
      let oldCount = hunk.filter { $0.kind != "+" }.count
      let newCount = hunk.filter { $0.kind != "-" }.count
      out +=
        "@@ -\(oldCount == 0 ? oldStart - 1 : oldStart),\(oldCount) +\(newCount == 0 ? newStart - 1 : newStart),\(newCount) @@\n"
      for op in hunk { out += "\(op.kind)\(op.text)\n" }
      index = end
    }
    return out
  }

  struct Op {
    var kind: Character
    var text: Substring
    var oldLine: Int
    var newLine: Int
  }

  static func lines(_ text: String) -> [Substring] {
    var all = text.split(separator: "\n", omittingEmptySubsequences: false)
    if all.last == "" { all.removeLast() }
    return all
  }

  /// The edit script: equal lines kept, the rest deleted then inserted; an LCS on what lies between the
  /// common head and tail, or a whole replacement when that is too large to align.
  static func script(_ a: [Substring], _ b: [Substring]) -> [Op] {
    var head = 0
    while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
    var tail = 0
    while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
    let x = Array(a[head..<(a.count - tail)])
    let y = Array(b[head..<(b.count - tail)])
    var middle: [(Character, Substring)] = []
    if x.count * y.count <= 4_000_000 {
      var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
      for i in stride(from: x.count - 1, through: 0, by: -1) {
        for j in stride(from: y.count - 1, through: 0, by: -1) {
          table[i][j] = x[i] == y[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
        }
      }
      var i = 0
      var j = 0
      while i < x.count || j < y.count {
        if i < x.count, j < y.count, x[i] == y[j] {
          middle.append((" ", x[i]))
          i += 1
          j += 1
        } else if i < x.count, j == y.count || table[i + 1][j] >= table[i][j + 1] {
          middle.append(("-", x[i]))
          i += 1
        } else {
          middle.append(("+", y[j]))
          j += 1
        }
      }
    } else {
      middle = x.map { ("-", $0) } + y.map { ("+", $0) }
    }
    let all = a[..<head].map { (Character(" "), $0) } + middle + a[(a.count - tail)...].map { (Character(" "), $0) }
    var ops: [Op] = []
    var oldLine = 1
    var newLine = 1
    for (kind, text) in all {
      ops.append(Op(kind: kind, text: text, oldLine: oldLine, newLine: newLine))
      if kind != "+" { oldLine += 1 }
      if kind != "-" { newLine += 1 }
    }
    return ops
  }
}
