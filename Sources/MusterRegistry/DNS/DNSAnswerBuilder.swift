/// One answer record and the additional records that go with it (an SRV target's address).
struct DNSAnswerEntry: Sendable, Hashable {
    var record: DNSResourceRecord
    var extras: [DNSResourceRecord] = []
}

/// The records a question resolves to, before the transport's limits apply.
struct DNSResolution: Sendable, Hashable {
    /// NOERROR or NXDOMAIN.
    var responseCode: UInt8
    /// The answers, shuffled and de-duplicated (empty for NXDOMAIN and NODATA).
    var entries: [DNSAnswerEntry]
}

/// Turns directory data into the records of `shared/protocols.md` §5.
struct DNSAnswerBuilder {
    let question: DNSQuestion
    let datacenter: String
    /// TTL of service and node records.
    let ttl: UInt32 = 0

    /// The resolution of `target` given what the directory answered.
    func resolve(
        _ target: DNSQueryTarget, answer: DNSDirectoryAnswer, serial: UInt32,
        using generator: inout some RandomNumberGenerator
    ) -> DNSResolution {
        switch (target, answer) {
        case (.domain, _):
            let wantsSOA = question.type == DNSRecordType.soa || question.type == DNSRecordType.any
            return found(wantsSOA ? [DNSAnswerEntry(record: Self.startOfAuthority(serial: serial))] : [])
        case (.service, .instances(let instances)) where !instances.isEmpty:
            return found(serviceEntries(instances.shuffled(using: &generator)))
        case (.node, .node(let node?)):
            return found(addressEntries([node.address]))
        case (.address(let address), _):
            return found(addressRecords([address]).map { DNSAnswerEntry(record: $0) })
        default:
            return DNSResolution(responseCode: DNSResponseCode.nameError, entries: [])
        }
    }

    /// The SOA of `consul.` (`shared/protocols.md` §5), with `serial` the current Unix time.
    static func startOfAuthority(serial: UInt32) -> DNSResourceRecord {
        let soa = DNSStartOfAuthority(
            primaryServer: .consulNameServer, responsibleMailbox: .consulHostmaster,
            serial: serial, refresh: 3600, retry: 600, expire: 86400, minimum: 0)
        return DNSResourceRecord(name: .consulDomain, ttl: 0, data: .soa(soa))
    }

    private func found(_ entries: [DNSAnswerEntry]) -> DNSResolution {
        var seen = Set<DNSResourceRecord>()
        return DNSResolution(
            responseCode: DNSResponseCode.noError, entries: entries.filter { seen.insert($0.record).inserted })
    }

    private func serviceEntries(_ instances: [DNSServiceInstance]) -> [DNSAnswerEntry] {
        guard question.type == DNSRecordType.srv else {
            return addressEntries(instances.map { $0.serviceAddress.isEmpty ? $0.node.address : $0.serviceAddress })
        }
        return instances.compactMap(serviceLocation)
    }

    /// The SRV record of `instance`, with its target's address as the extra record.
    private func serviceLocation(_ instance: DNSServiceInstance) -> DNSAnswerEntry? {
        guard let port = UInt16(exactly: instance.port) else { return nil }
        let weight = UInt16(clamping: instance.isWarning ? instance.warningWeight : instance.passingWeight)
        let target: DNSName?
        let targetAddress: [UInt8]?
        if let address = DNSAddressBytes.parse(instance.serviceAddress) {
            target = DNSName("\(DNSAddressBytes.hex(address)).addr.\(datacenter).consul.")
            targetAddress = address
        } else {
            target = DNSName("\(instance.node.name).node.\(datacenter).consul.")
            targetAddress = DNSAddressBytes.parse(instance.node.address)
        }
        guard let target else { return nil }
        let record = DNSResourceRecord(
            name: question.name, ttl: ttl, data: .srv(priority: 1, weight: weight, port: port, target: target))
        let extras = targetAddress.map {
            [DNSResourceRecord(name: target, ttl: ttl, data: DNSAddressBytes.recordData($0))]
        }
        return DNSAnswerEntry(record: record, extras: extras ?? [])
    }

    private func addressEntries(_ addresses: [String]) -> [DNSAnswerEntry] {
        addressRecords(addresses.compactMap(DNSAddressBytes.parse)).map { DNSAnswerEntry(record: $0) }
    }

    /// A/AAAA records of the question's name for those of `addresses` the question's type asks for.
    private func addressRecords(_ addresses: [[UInt8]]) -> [DNSResourceRecord] {
        addresses.compactMap { address in
            let data = DNSAddressBytes.recordData(address)
            guard question.type == data.type || question.type == DNSRecordType.any else { return nil }
            return DNSResourceRecord(name: question.name, ttl: ttl, data: data)
        }
    }
}
