import WALILinux

/// `wali --version`: the release and the engine ABI it implements (the WALI spec version the
/// generated tables come from, and how many syscalls the table knows and how they are supported).
enum WALIVersion {
    /// The release number; scripts/install and the OCI image report it.
    static let number = "0.1.0"

    static var text: String {
        var counts: [String: Int] = [:]
        for e in SyscallTable.entries {
            let label: String
            switch e.status {
            case .supported: label = "supported"
            case .partial: label = "partial"
            case .error: label = "refused by design"
            }
            counts[label, default: 0] += 1
        }
        let detail = ["supported", "partial", "refused by design"].compactMap { k in counts[k].map { "\($0) \(k)" } }
        return """
            wali \(number)
            engine ABI: wali-linux \(ABISignatures.specVersion), \(SyscallTable.entries.count) syscalls (\(detail.joined(separator: ", "))), \(AuxImports.entries.count) auxiliary imports
            """
    }
}
