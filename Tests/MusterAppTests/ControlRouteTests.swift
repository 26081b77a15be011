import Foundation
import MusterTesting
import NIOHTTP1
import Testing

@testable import MusterApp
@testable import MusterCore

/// Every route of the control API through ControlClient, against a real server on a unix socket.
@Suite struct ControlRouteTests {
    @Test func statusListsEveryInstance() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let status = try await running.client.status()
            #expect(status.project == "demo")
            #expect(status.pid == 42)
            #expect(status.instances.map(\.name) == ["web.1", "worker.1", "worker.2"])
            #expect(status.instances.first?.port == 5000)
        }
    }

    @Test func instancesMatchServiceNameOrDisplayName() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            #expect(try await running.client.instances(of: "worker").map(\.name) == ["worker.1", "worker.2"])
            #expect(try await running.client.instances(of: "worker.2").map(\.state) == [.backoff])
            #expect(try await running.client.instances(of: "web").map(\.name) == ["web.1"])
            let error = await #expect(throws: ControlError.self) { try await running.client.instances(of: "db") }
            #expect(error?.status == 404)
            #expect(error?.message.contains("'db'") == true)
        }
    }

    @Test func restartStopAndStartPassTheGlobToThePlane() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            #expect(try await running.client.restart("work*").map(\.name) == ["worker.1", "worker.2"])
            #expect(try await running.client.stop("web").map(\.name) == ["web.1"])
            #expect(try await running.client.start("web.1").map(\.name) == ["web.1"])
        }
    }

    @Test func planeErrorsKeepTheirStatusAndSentence() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let error = await #expect(throws: ControlError.self) { try await running.client.restart("nope*") }
            #expect(error == ControlError(status: 404, message: "no service matches 'nope*'"))
            #expect(await running.plane.requests == ["restart nope*"])
        }
    }

    @Test func namesArePercentEncodedAndDecoded() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            _ = try? await running.client.stop("we b/?%*")
            #expect(await running.plane.requests == ["stop we b/?%*"])
        }
    }

    @Test func logsTailFiltersByService() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            for index in 1...5 {
                await running.plane.push(
                    LogEntry(instance: "web", service: "web", text: "web \(index)", time: Double(index)))
                await running.plane.push(
                    LogEntry(instance: "worker.1", service: "worker", text: "worker \(index)", time: Double(index)))
            }
            let tail = try await Array(running.client.logs(services: ["web"], tail: 2, follow: false))
            #expect(tail.map(\.text) == ["web 4", "web 5"])
            let all = try await Array(running.client.logs(services: [], tail: nil, follow: false))
            #expect(all.count == 10)
            let both = try await Array(running.client.logs(services: ["web", "worker"], tail: 3, follow: false))
            #expect(both.map(\.text) == ["worker 4", "web 5", "worker 5"])
        }
    }

    @Test func logsOfAnUnknownServiceAre404() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let error = await #expect(throws: ControlError.self) {
                _ = try await running.client.logs(services: ["db"], tail: nil, follow: true)
            }
            #expect(error == ControlError(status: 404, message: "there is no service called 'db'"))
        }
    }

    @Test func logsFollowStreamsLinesPushedAfterTheRequest() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            await running.plane.push(LogEntry(instance: "web", service: "web", text: "before", time: 1))
            let stream = try await running.client.logs(services: ["web"], tail: 10, follow: true)
            var lines = stream.makeAsyncIterator()
            #expect(try await lines.next()?.text == "before")
            await running.plane.push(LogEntry(instance: "worker.1", service: "worker", text: "not web", time: 2))
            await running.plane.push(LogEntry(instance: "web", service: "web", text: "after 1", time: 3))
            await running.plane.push(LogEntry(instance: "web", service: "web", text: "after 2", time: 4))
            #expect(try await lines.next()?.text == "after 1")
            #expect(try await lines.next() == LogEntry(instance: "web", service: "web", text: "after 2", time: 4))
        }
    }

    @Test func droppingAFollowStreamEndsTheSubscription() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            var stream: ControlStream<LogEntry>? = try await running.client.logs(
                services: [], tail: 0, follow: true)
            try await waitUntil("a log follower") { await running.plane.logFollowerCount == 1 }
            #expect(stream != nil)
            stream = nil
            try await waitUntil("the follower to go") { await running.plane.logFollowerCount == 0 }
        }
    }

    @Test func logsFollowEndsWhenThePlaneStreamEnds() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let stream = try await running.client.logs(services: [], tail: nil, follow: true)
            try await waitUntil("a log follower") { await running.plane.logFollowerCount == 1 }
            await running.plane.finishStreams()
            #expect(try await Array(stream).isEmpty)
        }
    }

    @Test func eventsArriveAsServerSentEvents() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let changes = try await running.client.stateChanges()
            var iterator = changes.makeAsyncIterator()
            let first = InstanceTransition(
                instance: "web.1", service: "web", old: .running(pid: 101), new: .stopping(pid: 101), time: 10)
            let second = InstanceTransition(
                instance: "web.1", service: "web", old: .stopping(pid: 101), new: .failed(reason: "exit 1\nbad"),
                time: 11)
            await running.plane.push(first)
            await running.plane.push(second)
            #expect(
                try await iterator.next() == StateChange(instance: "web.1", service: "web", state: .stopping, time: 10))
            #expect(
                try await iterator.next()
                    == StateChange(instance: "web.1", service: "web", state: .failed, reason: "exit 1\nbad", time: 11))
        }
    }

    @Test func eventsSendKeepAliveComments() async throws {
        try await ControlTestServer.with(keepAliveInterval: .milliseconds(20)) {
            (running: ControlTestServer) async throws in
            let connection = try await ControlRawConnection.unix(path: running.socketPath)
            try await connection.send("GET /v1/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            try await waitUntil("two keep-alives") {
                connection.received.components(separatedBy: ": keep-alive\n\n").count > 2
            }
            #expect(connection.received.lowercased().contains("content-type: text/event-stream"))
            await running.plane.push(
                InstanceTransition(instance: "web.1", service: "web", old: nil, new: .ready(pid: 101), time: 1))
            try await waitUntil("the event") { connection.received.contains("event: state\ndata: {") }
            await connection.close()
            try await waitUntil("the subscription to end") { await running.plane.changeFollowerCount == 0 }
        }
    }

    @Test func shutdownAnswers202ThenCallsThePlane() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            try await running.client.shutdown()
            try await waitUntil("the plane's shutdown") { await running.plane.shutdowns == 1 }
            let connection = try await ControlRawConnection.unix(path: running.socketPath)
            let answer = try await ControlRawConnection.exchange(
                "POST /v1/shutdown HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n", over: connection)
            #expect(answer.status == 202)
            #expect(answer.body == #"{"status":"stopping"}"#)
        }
    }

    @Test func configurationIsThePlanesJSON() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            #expect(try await running.client.configuration() == running.plane.configurationJSON)
        }
    }

    @Test func unknownRoutesAre404AndWrongMethods405() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let missing = await #expect(throws: ControlError.self) {
                _ = try await running.client.body(.GET, "/v1/nope")
            }
            #expect(missing?.status == 404)
            #expect(missing?.message.contains("/v1/nope") == true)
            let wrong = await #expect(throws: ControlError.self) {
                _ = try await running.client.body(.POST, "/v1/services")
            }
            #expect(wrong?.status == 405)
            let get = await #expect(throws: ControlError.self) {
                _ = try await running.client.body(.GET, "/v1/services/web/restart")
            }
            #expect(get?.status == 405)
        }
    }

    @Test func badQueryParametersAre400() async throws {
        try await ControlTestServer.with { (running: ControlTestServer) async throws in
            let tail = await #expect(throws: ControlError.self) {
                _ = try await running.client.body(.GET, "/v1/logs?tail=-1")
            }
            #expect(tail?.status == 400)
            let follow = await #expect(throws: ControlError.self) {
                _ = try await running.client.body(.GET, "/v1/logs?follow=maybe")
            }
            #expect(follow?.status == 400)
        }
    }
}
