import Dispatch

/// Runs independent pure jobs side by side on the machine's cores and returns when all have finished.
///
/// Each job runs exactly once, on one thread, and writes only its own result; the results are read after the
/// join. The jobs must not share mutable state with each other (each may own some, as a decoder owns its
/// context).
public enum Concurrently {
  /// Two jobs.
  public static func run<A, B>(_ a: () -> A, _ b: () -> B) -> (A, B) {
    let r = run(a, b, { () })
    return (r.0, r.1)
  }

  /// Three jobs.
  public static func run<A, B, C>(_ a: () -> A, _ b: () -> B, _ c: () -> C) -> (A, B, C) {
    let ra = UnsafeMutablePointer<A>.allocate(capacity: 1)
    let rb = UnsafeMutablePointer<B>.allocate(capacity: 1)
    let rc = UnsafeMutablePointer<C>.allocate(capacity: 1)
    defer {
      ra.deallocate()
      rb.deallocate()
      rc.deallocate()
    }
    withoutActuallyEscaping(a) { a in
      withoutActuallyEscaping(b) { b in
        withoutActuallyEscaping(c) { c in
          nonisolated(unsafe) let jobs = (a, b, c)
          nonisolated(unsafe) let slots = (ra, rb, rc)
          DispatchQueue.concurrentPerform(iterations: 3) { job in
            switch job {
            case 0: slots.0.initialize(to: jobs.0())
            case 1: slots.1.initialize(to: jobs.1())
            default: slots.2.initialize(to: jobs.2())
            }
          }
        }
      }
    }
    return (ra.move(), rb.move(), rc.move())
  }

  /// `transform` of every element, side by side; the results in the elements' order.
  public static func map<E, T>(_ elements: [E], _ transform: (E) -> T) -> [T] {
    guard elements.count > 1 else { return elements.map(transform) }
    let slots = UnsafeMutablePointer<T>.allocate(capacity: elements.count)
    defer { slots.deallocate() }
    withoutActuallyEscaping(transform) { transform in
      nonisolated(unsafe) let job = transform
      nonisolated(unsafe) let out = slots
      nonisolated(unsafe) let items = elements
      DispatchQueue.concurrentPerform(iterations: items.count) { i in
        (out + i).initialize(to: job(items[i]))
      }
    }
    return (0..<elements.count).map { (slots + $0).move() }
  }
}
