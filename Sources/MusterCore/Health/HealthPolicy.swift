/// When a `HealthMonitor` probes and how it judges the results.
package struct HealthPolicy: Sendable, Hashable {
    /// What the monitor does once the instance is ready.
    package enum AfterReady: Sendable, Hashable {
        /// Keep probing, to notice when it turns unhealthy (a health check).
        case keepProbing
        /// Stop probing (a readiness-only check, such as "the port accepts connections").
        case stop
    }

    /// Time from the end of one probe to the start of the next.
    package var interval: Duration
    /// Failed probes in a row, after it was ready, that make it unhealthy (at least 1).
    package var retries: Int
    /// Failures this soon after the start do not count towards `retries`.
    package var startPeriod: Duration
    /// What happens once it is ready.
    package var afterReady: AfterReady
    /// The shortest time between two `notReadyYet` reports (the first comes this long after start).
    package var notReadyReportInterval: Duration

    /// A policy from its parts.
    package init(
        interval: Duration, retries: Int, startPeriod: Duration = .zero, afterReady: AfterReady,
        notReadyReportInterval: Duration = .seconds(5)
    ) {
        self.interval = interval
        self.retries = retries
        self.startPeriod = startPeriod
        self.afterReady = afterReady
        self.notReadyReportInterval = notReadyReportInterval
    }

    /// The policy of a `healthcheck:`: its interval, retries and start period; probing never stops.
    package init(_ definition: HealthCheckDefinition) {
        self.init(
            interval: definition.interval, retries: definition.retries, startPeriod: definition.startPeriod,
            afterReady: .keepProbing)
    }

    /// Readiness only: probe every 100 ms until the first success, then stop.
    package static let untilReady = HealthPolicy(interval: .milliseconds(100), retries: 1, afterReady: .stop)
}
