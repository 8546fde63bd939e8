/// `open` flags (also F_GETFL/F_SETFL, pipe2): the guest uses the x86_64 values. The 64-bit
/// generic ABI (aarch64, riscv64) numbers four of them differently; all others coincide.
public enum OpenFlags {
    /// (x86_64 bit, generic bit) for the flags that differ.
    public static let genericDifferences: [(guest: Int32, host: Int32)] = [
        (0o40000, 0o200000),   // O_DIRECT
        (0o100000, 0o400000),  // O_LARGEFILE
        (0o200000, 0o40000),   // O_DIRECTORY
        (0o400000, 0o100000),  // O_NOFOLLOW
    ]

    #if arch(x86_64)
    static let differences: [(guest: Int32, host: Int32)] = []
    #else
    static let differences = genericDifferences
    #endif

    /// Remaps the bits listed in `table` from one side to the other; other bits are kept.
    public static func remap(_ flags: Int32, _ table: [(guest: Int32, host: Int32)], toHost: Bool) -> Int32 {
        if table.isEmpty { return flags }
        var moved: Int32 = 0
        var result = flags
        for (g, h) in table { result &= ~(toHost ? g : h) }
        for (g, h) in table where flags & (toHost ? g : h) != 0 { moved |= toHost ? h : g }
        return result | moved
    }

    @inline(__always) public static func toHost(_ flags: Int32) -> Int32 { remap(flags, differences, toHost: true) }
    @inline(__always) public static func toGuest(_ flags: Int32) -> Int32 { remap(flags, differences, toHost: false) }
}
