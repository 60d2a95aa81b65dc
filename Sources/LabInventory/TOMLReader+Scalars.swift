import LabModel

/// Numbers, dates and times, matched as `tomllib`'s expressions match them (the longest
/// prefix that fits; what follows is the next statement's problem).
extension TOMLReader {
  func digit(_ i: Int) -> Int? {
    guard i < src.count, src[i] >= 0x30, src[i] <= 0x39 else { return nil }
    return Int(src[i] - 0x30)
  }

  /// `n` digits at `i`, as a number.
  func digits(_ i: Int, _ n: Int) -> Int? {
    var value = 0
    for k in 0..<n {
      guard let d = digit(i + k) else { return nil }
      value = value * 10 + d
    }
    return value
  }

  func byte(_ i: Int) -> UInt8 { i < src.count ? src[i] : 0 }

  func twoDigits(_ i: Int, max: Int) -> String? {
    guard let v = digits(i, 2), v <= max else { return nil }
    return String(decoding: src[i..<(i + 2)], as: UTF8.self)
  }

  /// `HH:MM:SS[.fraction]` at `i`: the text as Python's `isoformat()` writes it, and its end.
  func time(_ i: Int) -> (text: String, end: Int)? {
    guard let hour = twoDigits(i, max: 23), byte(i + 2) == UInt8(ascii: ":"),
      let minute = twoDigits(i + 3, max: 59), byte(i + 5) == UInt8(ascii: ":"),
      let second = twoDigits(i + 6, max: 59)
    else { return nil }
    var end = i + 8
    var text = "\(hour):\(minute):\(second)"
    if byte(end) == UInt8(ascii: "."), digit(end + 1) != nil {
      end += 1
      var micros = ""
      while digit(end) != nil {
        if micros.count < 6 { micros.append(Character(UnicodeScalar(src[end]))) }
        end += 1
      }
      micros += String(repeating: "0", count: 6 - micros.count)
      if micros != "000000" { text += "." + micros }
    }
    return (text, end)
  }

  /// A date, a date-time (with or without offset) or a time of day, as ISO text.
  mutating func dateTime() throws(InventoryError) -> String? {
    let start = pos
    if let year = digits(start, 4), byte(start + 4) == UInt8(ascii: "-"),
      let month = twoDigits(start + 5, max: 12), month != "00", byte(start + 7) == UInt8(ascii: "-"),
      let day = twoDigits(start + 8, max: 31), day != "00"
    {
      let monthDays = [
        31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
      ]
      guard year >= 1, Int(day)! <= monthDays[Int(month)! - 1] else {
        throw fail("the date \(String(decoding: src[start..<(start + 10)], as: UTF8.self)) does not exist")
      }
      var text = String(decoding: src[start..<(start + 10)], as: UTF8.self)
      pos = start + 10
      let separator = byte(pos)
      guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == 0x20,
        let (clock, end) = time(pos + 1)
      else { return text }
      text += "T" + clock
      pos = end
      if byte(pos) == UInt8(ascii: "Z") || byte(pos) == UInt8(ascii: "z") {
        text += "+00:00"
        pos += 1
      } else if byte(pos) == UInt8(ascii: "+") || byte(pos) == UInt8(ascii: "-"),
        let hours = twoDigits(pos + 1, max: 23), byte(pos + 3) == UInt8(ascii: ":"),
        let minutes = twoDigits(pos + 4, max: 59)
      {
        text +=
          hours == "00" && minutes == "00" ? "+00:00" : "\(Character(UnicodeScalar(byte(pos))))\(hours):\(minutes)"
        pos += 6
      }
      return text
    }
    guard let (clock, end) = time(start) else { return nil }
    pos = end
    return clock
  }

  /// `(?:_?D)*` after a first digit: the end of the run.
  func run(from i: Int, _ isDigit: (UInt8) -> Bool) -> Int {
    var end = i
    while true {
      if isDigit(byte(end)) {
        end += 1
      } else if byte(end) == UInt8(ascii: "_"), isDigit(byte(end + 1)) {
        end += 2
      } else {
        return end
      }
    }
  }

  /// An integer (decimal, `0x`, `0o`, `0b`, underscores between digits) or a float; integers
  /// past 64 bits become floats (as in the YAML reader).
  mutating func number() -> JSONValue? {
    let start = pos
    let isDecimal: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
    if byte(start) == UInt8(ascii: "0") {
      let radixes: [(UInt8, Int, (UInt8) -> Bool)] = [
        (UInt8(ascii: "x"), 16, { ($0 >= 0x30 && $0 <= 0x39) || (0x41...0x46) ~= ($0 & 0xDF) }),
        (UInt8(ascii: "o"), 8, { $0 >= 0x30 && $0 <= 0x37 }), (UInt8(ascii: "b"), 2, { $0 == 0x30 || $0 == 0x31 }),
      ]
      for (letter, radix, isDigit) in radixes where byte(start + 1) == letter && isDigit(byte(start + 2)) {
        pos = run(from: start + 3, isDigit)
        let text = String(decoding: src[(start + 2)..<pos].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        if let value = Int(text, radix: radix) { return .int(value) }
        return .double(text.reduce(0.0) { $0 * Double(radix) + Double(Int(String($1), radix: radix)!) })
      }
    }
    var i = start
    if byte(i) == UInt8(ascii: "+") || byte(i) == UInt8(ascii: "-") { i += 1 }
    guard isDecimal(byte(i)) else { return nil }
    i = byte(i) == UInt8(ascii: "0") ? i + 1 : run(from: i + 1, isDecimal)
    var isFloat = false
    if byte(i) == UInt8(ascii: "."), isDecimal(byte(i + 1)) {
      i = run(from: i + 2, isDecimal)
      isFloat = true
    }
    if byte(i) == UInt8(ascii: "e") || byte(i) == UInt8(ascii: "E") {
      var e = i + 1
      if byte(e) == UInt8(ascii: "+") || byte(e) == UInt8(ascii: "-") { e += 1 }
      if isDecimal(byte(e)) {
        i = run(from: e + 1, isDecimal)
        isFloat = true
      }
    }
    pos = i
    let text = String(decoding: src[start..<i].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
    if !isFloat, let value = Int(text) { return .int(value) }
    return .double(Double(text) ?? 0)
  }
}
