/// Where one image's tag was found in a file, and how it is written there.
public struct TagOccurrence: Sendable, Hashable {
  /// How the image is declared.
  public enum Form: String, Sendable {
    /// `image: ghcr.io/owner/app:tag` in a plain manifest.
    case manifest
    /// kustomize `images:` — `name:` (or `newName:`) with `newTag:` / `digest:`.
    case kustomize
    /// Helm values — `repository:` (with or without `registry:`) beside `tag:`.
    case helmValues = "helm-values"
    /// An Argo CD Application's helm `parameters:` — `image.repository` and `image.tag`.
    case argoParameters = "argocd-parameters"
  }

  public var form: Form
  /// 1-based line of the tag (or, when the tag is added, of the image).
  public var line: Int
  public var oldTag: String?
  public var oldDigest: String?

  public init(form: Form, line: Int, oldTag: String? = nil, oldDigest: String? = nil) {
    self.form = form
    self.line = line
    self.oldTag = oldTag
    self.oldDigest = oldDigest
  }
}

/// A tag edit that cannot be made as asked, with where.
public struct TagEditError: Error, Sendable, CustomStringConvertible {
  public var line: Int
  public var message: String
  public var description: String { "\(line): \(message)" }
}

/// Finds an image's tag in a YAML file's bytes and changes only those bytes: a surgical edit, never a
/// re-serialised file. All of the image's occurrences in the file change; nothing else does.
public struct TagEditor: Sendable {
  /// The image without tag or digest, e.g. `ghcr.io/owner/app`.
  public var image: String
  public var tag: String
  /// The new digest (`sha256:…`), when the dispatch carries one.
  public var digest: String?

  public init(image: String, tag: String, digest: String? = nil) {
    self.image = image
    self.tag = tag
    self.digest = digest
  }

  /// The edited bytes (nil when the image is not in the file) and each occurrence found.
  public func edit(_ bytes: [UInt8]) throws(TagEditError) -> (bytes: [UInt8], occurrences: [TagOccurrence])? {
    let lines = YAMLLines(bytes)
    var replacements: [(Range<Int>, [UInt8])] = []
    var occurrences: [TagOccurrence] = []
    for (index, entry) in lines.entries.enumerated() {
      guard let key = entry.key else { continue }
      if key == "image" {
        try manifest(entry, &replacements, &occurrences)
      } else if key == "name" || key == "newName", sameImage(entry.value) {
        try kustomize(lines, index, &replacements, &occurrences)
      } else if key == "repository" {
        try helm(lines, index, &replacements, &occurrences)
      } else if key == "name", entry.startsItem, entry.value.hasSuffix("image.repository") {
        try argo(lines, index, &replacements, &occurrences)
      }
    }
    guard !occurrences.isEmpty else { return nil }
    var unique: [TagOccurrence] = []
    for occurrence in occurrences where !unique.contains(occurrence) { unique.append(occurrence) }
    occurrences = unique
    var out = bytes
    var seen = Set<Int>()
    for (range, new) in replacements.sorted(by: { $0.0.lowerBound > $1.0.lowerBound })
    where seen.insert(range.lowerBound).inserted {
      out.replaceSubrange(range, with: new)
    }
    return (out, occurrences)
  }

  func sameImage(_ value: String) -> Bool { value.lowercased() == image.lowercased() }

  /// `image: REPO:TAG`, `REPO:TAG@DIGEST`, `REPO@DIGEST` or `REPO`.
  private func manifest(
    _ entry: YAMLLines.Entry, _ replacements: inout [(Range<Int>, [UInt8])], _ found: inout [TagOccurrence]
  ) throws(TagEditError) {
    let value = Array(entry.value.utf8)
    let name = Array(image.lowercased().utf8)
    guard value.count >= name.count, Array(entry.value.lowercased().utf8.prefix(name.count)) == name else { return }
    let rest = value[name.count...]
    guard rest.isEmpty || rest.first == UInt8(ascii: ":") || rest.first == UInt8(ascii: "@") else { return }
    let at = rest.firstIndex(of: UInt8(ascii: "@"))
    let oldTag =
      rest.first == UInt8(ascii: ":")
      ? String(decoding: rest[(rest.startIndex + 1)..<(at ?? rest.endIndex)], as: UTF8.self) : nil
    let oldDigest = at.map { String(decoding: rest[($0 + 1)...], as: UTF8.self) }
    if oldDigest != nil, digest == nil {
      throw TagEditError(
        line: entry.line + 1,
        message: "\(image) is pinned to digest \(oldDigest ?? "") here; a tag alone would not change what runs: "
          + "give the new digest too (--digest)")
    }
    let base = entry.valueRange.lowerBound + name.count
    var new = Array(":\(tag)".utf8)
    if let digest { new += Array("@\(digest)".utf8) }
    replacements.append((base..<entry.valueRange.upperBound, new))
    found.append(TagOccurrence(form: .manifest, line: entry.line + 1, oldTag: oldTag, oldDigest: oldDigest))
  }

  /// kustomize `images:`: `name` or `newName` is the image; `newTag` and `digest` beside it.
  private func kustomize(
    _ lines: YAMLLines, _ index: Int, _ replacements: inout [(Range<Int>, [UInt8])], _ found: inout [TagOccurrence]
  ) throws(TagEditError) {
    let siblings = lines.siblings(of: index)
    let newTag = siblings.first { $0.key == "newTag" }
    let oldDigest = siblings.first { $0.key == "digest" }
    // `name: REPO` with a `newName` elsewhere renames the image: the app's image is then not REPO.
    if lines.entries[index].key == "name", let renamed = siblings.first(where: { $0.key == "newName" }),
      !sameImage(renamed.value)
    {
      return
    }
    guard newTag != nil || oldDigest != nil else { return }
    if let oldDigest, !oldDigest.value.isEmpty, digest == nil {
      throw TagEditError(
        line: oldDigest.line + 1,
        message: "\(image) is pinned to digest \(oldDigest.value) here, which kustomize prefers over newTag: "
          + "give the new digest too (--digest)")
    }
    if let newTag {
      replacements.append(replace(newTag, with: tag))
    } else {
      replacements.append(insert(after: lines.entries[index], lines, key: "newTag", value: tag))
    }
    if let digest, let oldDigest { replacements.append(replace(oldDigest, with: digest)) }
    let at = newTag ?? lines.entries[index]
    found.append(
      TagOccurrence(form: .kustomize, line: at.line + 1, oldTag: newTag?.value, oldDigest: oldDigest?.value))
  }

  /// Helm values: `repository: REPO` (or `registry` + `repository`) beside `tag`.
  private func helm(
    _ lines: YAMLLines, _ index: Int, _ replacements: inout [(Range<Int>, [UInt8])], _ found: inout [TagOccurrence]
  ) throws(TagEditError) {
    let entry = lines.entries[index]
    let siblings = lines.siblings(of: index)
    let registry = siblings.first { $0.key == "registry" }?.value
    guard sameImage(entry.value) || (registry.map { sameImage("\($0)/\(entry.value)") } ?? false) else { return }
    let oldTag = siblings.first { $0.key == "tag" }
    let oldDigest = siblings.first { $0.key == "digest" }
    if let oldDigest, !oldDigest.value.isEmpty, digest == nil {
      throw TagEditError(
        line: oldDigest.line + 1,
        message: "\(image) is pinned to digest \(oldDigest.value) here: give the new digest too (--digest)")
    }
    if let oldTag {
      replacements.append(replace(oldTag, with: tag))
    } else {
      replacements.append(insert(after: entry, lines, key: "tag", value: tag))
    }
    if let digest, let oldDigest { replacements.append(replace(oldDigest, with: digest)) }
    found.append(
      TagOccurrence(
        form: .helmValues, line: (oldTag ?? entry).line + 1, oldTag: oldTag?.value, oldDigest: oldDigest?.value))
  }

  /// An Argo CD Application's helm parameters: `- name: PREFIXimage.repository` / `value: REPO`, and the
  /// item `- name: PREFIXimage.tag` in the same list.
  private func argo(
    _ lines: YAMLLines, _ index: Int, _ replacements: inout [(Range<Int>, [UInt8])], _ found: inout [TagOccurrence]
  ) throws(TagEditError) {
    let entry = lines.entries[index]
    guard let value = lines.siblings(of: index).first(where: { $0.key == "value" }), sameImage(value.value) else {
      return
    }
    let prefix = entry.value.dropLast("image.repository".count)
    for item in lines.items(besides: index) {
      let fields = lines.siblings(of: item)
      guard fields.contains(where: { $0.key == "name" && $0.value == "\(prefix)image.tag" }),
        let tagValue = fields.first(where: { $0.key == "value" })
      else { continue }
      replacements.append(replace(tagValue, with: tag))
      found.append(TagOccurrence(form: .argoParameters, line: tagValue.line + 1, oldTag: tagValue.value))
    }
  }

  /// The bytes that write `new` where `entry`'s value is: inside its quotes, or quoted when YAML would read
  /// the bare text as something other than a string (`1.10`, `123`, `true`, `5e3`).
  private func replace(_ entry: YAMLLines.Entry, with new: String) -> (Range<Int>, [UInt8]) {
    if entry.quote != nil || !YAMLScalar.needsQuotes(new) { return (entry.valueRange, Array(new.utf8)) }
    return (entry.valueRange, Array("\"\(new)\"".utf8))
  }

  /// A new line `key: value` right after `entry`'s line, at its column.
  private func insert(after entry: YAMLLines.Entry, _ lines: YAMLLines, key: String, value: String) -> (
    Range<Int>, [UInt8]
  ) {
    let next = entry.line + 1 < lines.lineStarts.count ? lines.lineStarts[entry.line + 1] : nil
    let quoted = YAMLScalar.needsQuotes(value) ? "\"\(value)\"" : value
    let text = String(repeating: " ", count: entry.column) + "\(key): \(quoted)"
    if let next { return (next..<next, Array((text + "\n").utf8)) }
    return (entry.valueRange.upperBound..<entry.valueRange.upperBound, Array(("\n" + text).utf8))
  }
}
