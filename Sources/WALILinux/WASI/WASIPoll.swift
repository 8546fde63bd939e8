import CWALIHost
#if canImport(Glibc)
import Glibc
#endif

/// poll_oneoff: waits until a clock subscription expires or a descriptor is ready, then reports
/// every subscription that is (WASI: at least one event, at most one per subscription).
enum WASIPoll {
    static func monotonicNow() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func pollOneoff(_ c: WASIContext, _ t: WALIThread, _ a: WASIArgs) throws {
        let count = Int(a.u32(2))
        guard count > 0 else { throw WASIErrno.inval }
        let subscriptions = try c.memory.array(a.u32(0), count: count, of: WASISubscription.self).loadAll()
        let events = try c.memory.array(a.u32(1), count: count, of: WASIEvent.self)
        var ready: [WASIEvent] = []
        /// Clock subscriptions as monotonic deadlines (ns).
        var timers: [(userdata: UInt64, deadline: Int64)] = []
        var watched: [(subscription: WASISubscription, pollIndex: Int)] = []
        var pollFDs: [pollfd] = []
        for s in subscriptions {
            switch WASISubscription.Kind(rawValue: s.tag) {
            case .clock?:
                let now = monotonicNow()
                let timeout = Int64(clamping: s.timeout)
                let deadline: Int64
                if s.clockFlags & WASISubscription.absoluteTime != 0 {
                    switch s.clockID {
                    case 0:
                        var real = timespec()
                        clock_gettime(CLOCK_REALTIME, &real)
                        deadline = now &+ (timeout &- (Int64(real.tv_sec) * 1_000_000_000 + Int64(real.tv_nsec)))
                    case 1: deadline = timeout
                    default:
                        ready.append(WASIEvent(userdata: s.userdata, error: WASIErrno.inval.code, type: s.tag, bytesAvailable: 0, flags: 0))
                        continue
                    }
                } else {
                    guard s.clockID <= 1 else {
                        ready.append(WASIEvent(userdata: s.userdata, error: WASIErrno.inval.code, type: s.tag, bytesAvailable: 0, flags: 0))
                        continue
                    }
                    deadline = now.addingReportingOverflow(timeout).overflow ? Int64.max : now + timeout
                }
                timers.append((s.userdata, deadline))
            case .fdRead?, .fdWrite?:
                // A descriptor the guest does not hold fails the whole call (as in wasmtime).
                let d = try c.descriptor(s.fd, WASIFlags.pollFdReadwrite)
                watched.append((s, pollFDs.count))
                pollFDs.append(pollfd(fd: d.host, events: Int16(s.tag == 1 ? POLLIN : POLLOUT), revents: 0))
            case nil:
                throw WASIErrno.inval
            }
        }
        while ready.isEmpty {
            let earliest = timers.map(\.deadline).min()
            if pollFDs.isEmpty {
                guard let earliest else { throw WASIErrno.inval }
                // A deadline already past (an absolute time before now) fires without waiting.
                if earliest > monotonicNow() {
                    var until = timespec(tv_sec: Int(earliest / 1_000_000_000), tv_nsec: Int(earliest % 1_000_000_000))
                    _ = try t.blocking {
                        let r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nil)
                        if r != 0 { throw Errno(r) }
                        return 0
                    }
                }
            } else {
                var limit = earliest.map { deadline -> timespec in
                    let left = max(0, deadline - monotonicNow())
                    return timespec(tv_sec: Int(left / 1_000_000_000), tv_nsec: Int(left % 1_000_000_000))
                }
                _ = try t.blocking {
                    try pollFDs.withUnsafeMutableBufferPointer { fds in
                        if limit != nil {
                            return try withUnsafeMutablePointer(to: &limit!) { l in
                                try Host.syscall(HOST_NR_ppoll, Int(bitPattern: fds.baseAddress), fds.count, Int(bitPattern: l), 0, 8)
                            }
                        }
                        return try Host.syscall(HOST_NR_ppoll, Int(bitPattern: fds.baseAddress), fds.count, 0, 0, 8)
                    }
                }
                for (s, i) in watched where pollFDs[i].revents != 0 {
                    let revents = Int32(pollFDs[i].revents)
                    var event = WASIEvent(userdata: s.userdata, error: 0, type: s.tag, bytesAvailable: 0, flags: 0)
                    if revents & Int32(POLLNVAL) != 0 {
                        event.error = WASIErrno.badf.code
                    } else if revents & Int32(POLLERR) != 0 && revents & Int32(POLLIN | POLLOUT) == 0 {
                        event.error = WASIErrno.io.code
                    } else {
                        if revents & Int32(POLLHUP) != 0 { event.flags = WASIEvent.hangup }
                        if s.tag == 1 {
                            var available: Int32 = 0
                            if ioctl(pollFDs[i].fd, UInt(FIONREAD), &available) == 0 { event.bytesAvailable = UInt64(max(0, available)) }
                        }
                    }
                    ready.append(event)
                }
            }
            let now = monotonicNow()
            for timer in timers where timer.deadline <= now {
                ready.append(WASIEvent(userdata: timer.userdata, error: 0, type: 0, bytesAvailable: 0, flags: 0))
            }
        }
        events.store(ready)
        try c.memory.store(a.u32(3), UInt32(ready.count))
    }
}
