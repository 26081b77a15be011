import MusterCore
import MusterRegistry

/// The text of `muster services`: one aligned row per registered instance, with its health.
public enum ServicesTable {
    /// Reads the catalog of the registry at `address` (`127.0.0.1:8500`): every instance, or
    /// those of `service`; throws a ControlError whose message says what to do.
    public static func report(address: String, service: String?, color: Bool) async throws(ControlError) -> String {
        guard let client = RegistryClient(address: address) else {
            throw ControlError(
                status: 400, message: "\"\(address)\" is not a registry address; write it as 127.0.0.1:8500")
        }
        do {
            return render(try await client.instances(of: service), color: color)
        } catch {
            throw ControlError(status: 502, message: error.description)
        }
    }

    /// The table: SERVICE, STATUS, ID, ADDRESS, CHECK; or a sentence when nothing is registered.
    public static func render(_ instances: [RegistryClient.Instance], color: Bool) -> String {
        guard !instances.isEmpty else { return "no services are registered\n" }
        let rows = instances.map { instance in
            StatusTable.Row(
                cells: [
                    instance.service, instance.status.rawValue, instance.id, instance.address,
                    instance.detail.isEmpty ? "-" : instance.detail,
                ], escape: escape(for: instance.status))
        }
        return StatusTable.aligned(["SERVICE", "STATUS", "ID", "ADDRESS", "CHECK"], rows, color: color)
    }

    /// The colour of a check status: green passing, yellow warning, red critical.
    private static func escape(for status: CheckStatus) -> String {
        switch status {
        case .passing: StatusTable.good
        case .warning: StatusTable.underway
        case .critical: StatusTable.wrong
        }
    }
}
