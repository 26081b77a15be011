#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Answers DNS queries for `consul.` (`shared/protocols.md` §5) as pure functions: `prepare`
/// decodes a packet and says what the directory must be asked, `response` builds the reply from
/// the directory's answer. Neither touches a socket, so both are tested directly.
public struct DNSResponder: Sendable {
    /// The datacenter names are resolved in (`<svc>.service.<dc>.consul`, SRV targets).
    public var datacenter: String
    /// The most answers in a UDP response without EDNS0 (Consul's `udp_answer_limit`).
    public var udpAnswerLimit: Int

    /// A responder for `datacenter`.
    public init(datacenter: String, udpAnswerLimit: Int = 3) {
        self.datacenter = datacenter
        self.udpAnswerLimit = udpAnswerLimit
    }

    /// The query `packet` holds, nil when it deserves no reply at all (shorter than a header, or
    /// itself a response).
    public func prepare(_ packet: [UInt8]) -> DNSPreparedQuery? {
        guard let header = DNSWireReader.header(of: packet), !header.isResponse else { return nil }
        guard let request = try? DNSWireReader.message(from: packet) else {
            let code = header.opcode == DNSOpcode.query ? DNSResponseCode.formatError : DNSResponseCode.notImplemented
            return DNSPreparedQuery(request: DNSMessage(header: header), disposition: .fail(code))
        }
        return DNSPreparedQuery(request: request, disposition: disposition(of: request))
    }

    private func disposition(of request: DNSMessage) -> DNSPreparedQuery.Disposition {
        guard request.header.opcode == DNSOpcode.query else { return .fail(DNSResponseCode.notImplemented) }
        guard request.questions.count == 1, request.extensionRecords.count <= 1 else {
            return .fail(DNSResponseCode.formatError)
        }
        if let edns = request.extensionRecords.first, edns.version != 0 { return .badVersion }
        let question = request.questions[0]
        guard [DNSRecordType.internetClass, DNSRecordType.anyClass].contains(question.recordClass) else {
            return .fail(DNSResponseCode.refused)
        }
        let target = DNSQueryTarget(name: question.name, type: question.type, datacenter: datacenter)
        return target == .outsideDomain ? .fail(DNSResponseCode.refused) : .answer(target)
    }

    /// The encoded response to `query`, given the directory's `answer` to `query.lookup`, for
    /// `transport`, with `serial` (the current Unix time) in the SOA and answers shuffled by `generator`.
    public func response(
        to query: DNSPreparedQuery, answer: DNSDirectoryAnswer, transport: DNSTransport, serial: UInt32,
        using generator: inout some RandomNumberGenerator
    ) -> [UInt8] {
        let request = query.request
        let edns = request.extensionRecords.first
        var message = DNSMessage(
            header: DNSHeader(
                id: request.header.id, isResponse: true, opcode: request.header.opcode,
                recursionDesired: request.header.recursionDesired),
            questions: request.questions)
        let answerSize = edns.map { max(512, $0.udpPayloadSize) } ?? 512
        var replyExtension = DNSExtension(udpPayloadSize: answerSize)
        var entries: [DNSAnswerEntry] = []
        switch query.disposition {
        case .fail(let code):
            message.header.responseCode = code
        case .badVersion:
            message.header.responseCode = UInt8(DNSResponseCode.badVersion & 0x0F)
            replyExtension.extendedResponseCode = UInt8(DNSResponseCode.badVersion >> 4)
        case .answer(let target):
            let builder = DNSAnswerBuilder(question: request.questions[0], datacenter: datacenter)
            let resolution = builder.resolve(target, answer: answer, serial: serial, using: &generator)
            message.header.isAuthoritative = true
            message.header.responseCode = resolution.responseCode
            entries = resolution.entries
            if entries.isEmpty { message.authorities = [DNSAnswerBuilder.startOfAuthority(serial: serial)] }
        }
        if edns != nil { message.additionals = [replyExtension.record] }
        return DNSWireWriter.encode(fitter(for: transport, edns: edns).fit(entries, into: message))
    }

    /// The response to `packet` from `directory`'s current data, nil when the packet gets no reply.
    public func respond(to packet: [UInt8], transport: DNSTransport, directory: any DNSServiceDirectory) async
        -> [UInt8]?
    {
        guard let query = prepare(packet) else { return nil }
        return await respond(to: query, transport: transport, directory: directory)
    }

    /// The response to `query` from `directory`'s current data.
    public func respond(to query: DNSPreparedQuery, transport: DNSTransport, directory: any DNSServiceDirectory) async
        -> [UInt8]
    {
        let answer = await query.lookup?.perform(in: directory) ?? DNSDirectoryAnswer.none
        var generator = SystemRandomNumberGenerator()
        let serial = UInt32(truncatingIfNeeded: time(nil))
        return response(to: query, answer: answer, transport: transport, serial: serial, using: &generator)
    }

    private func fitter(for transport: DNSTransport, edns: DNSExtension?) -> DNSResponseFitter {
        switch (transport, edns) {
        case (.tcp, _): DNSResponseFitter(maximumBytes: 65535, maximumAnswers: nil)
        case (.udp, let edns?): DNSResponseFitter(maximumBytes: max(512, Int(edns.udpPayloadSize)), maximumAnswers: nil)
        case (.udp, nil): DNSResponseFitter(maximumBytes: 512, maximumAnswers: udpAnswerLimit)
        }
    }
}

/// A decoded query and what answering it takes.
public struct DNSPreparedQuery: Sendable, Hashable {
    enum Disposition: Sendable, Hashable {
        /// Reply with this response code and no records.
        case fail(UInt8)
        /// Reply BADVERS: the EDNS version is not 0.
        case badVersion
        /// Resolve the question's target.
        case answer(DNSQueryTarget)
    }

    /// The request (only its header when it could not be decoded).
    public let request: DNSMessage
    let disposition: Disposition

    /// What to ask the directory before building the response, nil when nothing.
    public var lookup: DNSLookup? {
        switch disposition {
        case .answer(.service(let name, let tag)): .instances(service: name, tag: tag)
        case .answer(.node(let name)): .node(name: name)
        default: nil
        }
    }

    /// Whether the packet was malformed, which ends a TCP connection after the reply (the
    /// stream can no longer be trusted).
    public var isMalformed: Bool {
        disposition == .fail(DNSResponseCode.formatError)
    }
}
