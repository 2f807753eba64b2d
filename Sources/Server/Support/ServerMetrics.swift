import Foundation
import Prometheus

/// What `GET /metrics` reports, in Prometheus' text format: requests by route, method and status
/// with their latency, the solve queue (depth, waits and solve time) and store call time. One
/// registry per process, like the plan thread and the store's threads it watches.
final class ServerMetrics: Sendable {
    static let shared = ServerMetrics()

    let registry = PrometheusCollectorRegistry()
    private static let latencyBuckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                                     .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                                     .seconds(2.5), .seconds(5), .seconds(10), .seconds(30)]
    let solveQueueDepth: Gauge
    let solveDuration: DurationHistogram
    let solveWait: DurationHistogram
    let solvesRefused: Counter
    let storeCallDuration: DurationHistogram

    private init() {
        solveQueueDepth = registry.makeGauge(descriptor: .init(namespace: "kam", metricName: "solve_queue", unitName: "depth",
                                                               helpText: "Solves waiting for the plan thread or running on it"))
        solveDuration = registry.makeDurationHistogram(descriptor: .init(namespace: "kam", metricName: "solve_duration", unitName: "seconds",
                                                                         helpText: "Time a solve ran on the plan thread"),
                                                       labels: [], buckets: Self.latencyBuckets)
        solveWait = registry.makeDurationHistogram(descriptor: .init(namespace: "kam", metricName: "solve_wait", unitName: "seconds",
                                                                     helpText: "Time a solve waited in the queue before it ran"),
                                                   labels: [], buckets: Self.latencyBuckets)
        solvesRefused = registry.makeCounter(descriptor: .init(namespace: "kam", metricName: "solves_refused", unitName: "total",
                                                               helpText: "Solves answered 503 because the queue was full"))
        storeCallDuration = registry.makeDurationHistogram(descriptor: .init(namespace: "kam", metricName: "store_call_duration", unitName: "seconds",
                                                                             helpText: "Time of a workspace call on the store's threads"),
                                                           labels: [], buckets: Self.latencyBuckets)
    }

    /// Counts one answered request and its latency under its route (the path pattern, so ids do
    /// not make new series; "NotFound" for paths no route has).
    func request(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: .init(namespace: "kam", subsystem: "http", metricName: "requests", unitName: "total",
                                               helpText: "Requests answered, by route, method and status"),
                             labels: [("route", route), ("method", method), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: .init(namespace: "kam", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                                                         helpText: "Time to answer a request, by route"),
                                       labels: [("route", route)], buckets: Self.latencyBuckets).record(duration)
    }

    /// The text a Prometheus server scrapes.
    func exposition() -> String { registry.emitToString() }
}
