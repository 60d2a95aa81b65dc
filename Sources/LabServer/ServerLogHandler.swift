import Logging

/// Logs to stderr like `StreamLogHandler`, but formats metadata only when a message is logged:
/// the server sets a request id on every request, and formatting it each time costs more than the
/// rest of answering a small file.
public struct ServerLogHandler: LogHandler {
  public var metadata: Logger.Metadata = [:]
  public var logLevel: Logger.Level = .info
  public var metadataProvider: Logger.MetadataProvider?
  private let label: String

  public init(label: String) { self.label = label }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    var stream = StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
    stream.logLevel = logLevel
    stream.metadata = metadata
    stream.log(event: event)
  }
}
