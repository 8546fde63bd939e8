import CWALINativeRuntime
import WasmParser
import WasmTypes

/// Fixed-width SIMD (v128) and relaxed SIMD, translated to clang vector extensions: a v128 stack
/// slot is a 16-byte vector (`v128`), every operation reinterprets it as the lane type it needs
/// (a vector cast is a bit cast) and clang picks the SSE/NEON instructions. Relaxed SIMD makes
/// the same deterministic choices as the interpreter (WasmKit), so the two tiers agree.
extension FunctionTranslator {
    mutating func emitSIMD(_ ins: Instruction) throws(CompileError) {
        switch ins {
        case .v128Const(let v):
            line("\(push(.v128)) = \(SIMDHelpers.constant(v));")
        case .i8x16Shuffle(let mask):
            guard mask.lanes.allSatisfy({ $0 < 32 }) else { throw .invalid("function \(index): i8x16.shuffle lane index out of range") }
            let lanes = mask.lanes.map { String($0) }.joined(separator: ", ")
            try binary(.v128, .v128) { "(v128)__builtin_shufflevector((wv_u8)\($0), (wv_u8)\($1), \(lanes))" }
        case .simd(let op):
            try emitSIMDOp(op)
        case .simdLane(let op, let lane):
            try emitSIMDLane(op, Int(lane))
        case .simdMemLane(let op, let m, let lane):
            try emitSIMDMemLane(op, m, Int(lane))
        case .load(let op, let m):
            try emitV128Load(op, m)
        case .store(.v128Store, let m):
            usesMemory = true
            let v = try pop(.v128), a = try pop(.i32)
            line("*(v128u *)MEM(\(a), \(try offset(m))) = \(v);")
        default:
            throw .invalid("function \(index): \(ins) is not a SIMD instruction")
        }
    }

    // MARK: Memory

    mutating func emitV128Load(_ op: Instruction.Load, _ m: MemArg) throws(CompileError) {
        usesMemory = true
        let a = try pop(.i32)
        let at = "MEM(\(a), \(try offset(m)))"
        func extend(_ from: String, _ to: String) -> String { "(v128)__builtin_convertvector(*(\(from) *)\(at), \(to))" }
        let expr: String
        switch op {
        case .v128Load: expr = "*(v128u *)\(at)"
        case .v128Load8X8S: expr = extend("wv_i8hu", "wv_i16")
        case .v128Load8X8U: expr = extend("wv_u8hu", "wv_u16")
        case .v128Load16X4S: expr = extend("wv_i16hu", "wv_i32")
        case .v128Load16X4U: expr = extend("wv_u16hu", "wv_u32")
        case .v128Load32X2S: expr = extend("wv_i32hu", "wv_i64")
        case .v128Load32X2U: expr = extend("wv_u32hu", "wv_u64")
        case .v128Load8Splat: expr = "wv_splat8(*(uint8_t *)\(at))"
        case .v128Load16Splat: expr = "wv_splat16(*(u16u *)\(at))"
        case .v128Load32Splat: expr = "wv_splat32(*(u32u *)\(at))"
        case .v128Load64Splat: expr = "wv_splat64(*(u64u *)\(at))"
        case .v128Load32Zero: expr = "(v128)(wv_u32){ *(u32u *)\(at), 0, 0, 0 }"
        case .v128Load64Zero: expr = "(v128)(wv_u64){ *(u64u *)\(at), 0 }"
        default: throw .invalid("function \(index): \(op) is not a v128 load")
        }
        // The load must happen (and trap) even if its value ends up unused.
        let v = push(.v128)
        line("\(v) = \(expr); WALI_FORCE_READ_FLOAT(\(v));")
    }

    mutating func emitSIMDMemLane(_ op: Instruction.SimdMemLane, _ m: MemArg, _ lane: Int) throws(CompileError) {
        usesMemory = true
        let (bits, load): (Int, Bool)
        switch op {
        case .v128Load8Lane: (bits, load) = (8, true)
        case .v128Load16Lane: (bits, load) = (16, true)
        case .v128Load32Lane: (bits, load) = (32, true)
        case .v128Load64Lane: (bits, load) = (64, true)
        case .v128Store8Lane: (bits, load) = (8, false)
        case .v128Store16Lane: (bits, load) = (16, false)
        case .v128Store32Lane: (bits, load) = (32, false)
        case .v128Store64Lane: (bits, load) = (64, false)
        }
        guard lane < 128 / bits else { throw .invalid("function \(index): lane index \(lane) out of range") }
        let v = try pop(.v128), a = try pop(.i32)
        let at = "MEM(\(a), \(try offset(m)))"
        let ptr = bits == 8 ? "(uint8_t *)\(at)" : "(u\(bits)u *)\(at)"
        if load {
            let r = push(.v128)
            line("\(r) = wv_replace\(bits)(\(v), \(lane), *\(ptr)); WALI_FORCE_READ_FLOAT(\(r));")
        } else {
            line("*\(ptr) = ((wv_u\(bits))\(v))[\(lane)];")
        }
    }

    // MARK: Lanes

    mutating func emitSIMDLane(_ op: Instruction.SimdLane, _ lane: Int) throws(CompileError) {
        let lanes: Int
        switch op {
        case .i8x16ExtractLaneS, .i8x16ExtractLaneU, .i8x16ReplaceLane: lanes = 16
        case .i16x8ExtractLaneS, .i16x8ExtractLaneU, .i16x8ReplaceLane: lanes = 8
        case .i32x4ExtractLane, .i32x4ReplaceLane, .f32x4ExtractLane, .f32x4ReplaceLane: lanes = 4
        case .i64x2ExtractLane, .i64x2ReplaceLane, .f64x2ExtractLane, .f64x2ReplaceLane: lanes = 2
        }
        guard lane < lanes else { throw .invalid("function \(index): lane index \(lane) out of range") }
        func extract(_ t: VT, _ f: @escaping (String) -> String) throws(CompileError) { try unary(.v128, t, f) }
        func replace(_ t: VT, _ fn: String) throws(CompileError) {
            let x = try pop(t), v = try pop(.v128)
            line("\(push(.v128)) = \(fn)(\(v), \(lane), \(x));")
        }
        switch op {
        case .i8x16ExtractLaneS: try extract(.i32) { "(uint32_t)(int32_t)((wv_i8)\($0))[\(lane)]" }
        case .i8x16ExtractLaneU: try extract(.i32) { "(uint32_t)((wv_u8)\($0))[\(lane)]" }
        case .i16x8ExtractLaneS: try extract(.i32) { "(uint32_t)(int32_t)((wv_i16)\($0))[\(lane)]" }
        case .i16x8ExtractLaneU: try extract(.i32) { "(uint32_t)((wv_u16)\($0))[\(lane)]" }
        case .i32x4ExtractLane: try extract(.i32) { "((wv_u32)\($0))[\(lane)]" }
        case .i64x2ExtractLane: try extract(.i64) { "((wv_u64)\($0))[\(lane)]" }
        case .f32x4ExtractLane: try extract(.f32) { "((wv_f32)\($0))[\(lane)]" }
        case .f64x2ExtractLane: try extract(.f64) { "((wv_f64)\($0))[\(lane)]" }
        case .i8x16ReplaceLane: try replace(.i32, "wv_replace8")
        case .i16x8ReplaceLane: try replace(.i32, "wv_replace16")
        case .i32x4ReplaceLane: try replace(.i32, "wv_replace32")
        case .i64x2ReplaceLane: try replace(.i64, "wv_replace64")
        case .f32x4ReplaceLane: try replace(.f32, "wv_replace_f32")
        case .f64x2ReplaceLane: try replace(.f64, "wv_replace_f64")
        }
    }

    // MARK: Operations

    mutating func ternary(_ f: (String, String, String) -> String) throws(CompileError) {
        let c = try pop(.v128), b = try pop(.v128), a = try pop(.v128)
        line("\(push(.v128)) = \(f(a, b, c));")
    }

    mutating func emitSIMDOp(_ op: Instruction.Simd) throws(CompileError) {
        /// `a op b` on lanes of type `ty` (unsigned types for wrapping arithmetic).
        func lanes(_ ty: String, _ o: String) throws(CompileError) {
            try binary(.v128, .v128) { "(v128)((\(ty))\($0) \(o) (\(ty))\($1))" }
        }
        func call2(_ fn: String) throws(CompileError) { try binary(.v128, .v128) { "\(fn)(\($0), \($1))" } }
        func call1(_ fn: String, _ result: VT = .v128) throws(CompileError) { try unary(.v128, result) { "\(fn)(\($0))" } }
        func elementwise2(_ b: String, _ ty: String) throws(CompileError) {
            try binary(.v128, .v128) { "(v128)__builtin_elementwise_\(b)((\(ty))\($0), (\(ty))\($1))" }
        }
        func elementwise1(_ b: String, _ ty: String) throws(CompileError) {
            try unary(.v128, .v128) { "(v128)__builtin_elementwise_\(b)((\(ty))\($0))" }
        }
        func splat(_ t: VT, _ fn: String) throws(CompileError) { try unary(t, .v128) { "\(fn)(\($0))" } }
        /// Shift counts are taken modulo the lane width.
        func shift(_ ty: String, _ o: String, _ bits: Int) throws(CompileError) {
            let n = try pop(.i32), a = try pop(.v128)
            line("\(push(.v128)) = (v128)((\(ty))\(a) \(o) (int)(\(n) & \(bits - 1)u));")
        }
        func neg(_ ty: String) throws(CompileError) { try unary(.v128, .v128) { "(v128)(-(\(ty))\($0))" } }
        /// Extended products: both operands extended by `ext`, multiplied as `ty`.
        func extmul(_ ext: String, _ ty: String) throws(CompileError) {
            try binary(.v128, .v128) { "(v128)((\(ty))\(ext)(\($0)) * (\(ty))\(ext)(\($1)))" }
        }
        func bitwise(_ ty: String, _ o: String, _ mask: String) throws(CompileError) {
            try unary(.v128, .v128) { "(v128)((\(ty))\($0) \(o) \(mask))" }
        }
        func madd(_ ty: String, negate: Bool) throws(CompileError) {
            // -ffp-contract=off keeps it unfused, as the interpreter computes it.
            try ternary { a, b, c in
                let p = "(\(ty))\(a) * (\(ty))\(b)"
                return "(v128)(\(negate ? "-(\(p))" : p) + (\(ty))\(c))"
            }
        }
        func bitselect() throws(CompileError) { try ternary { "((\($0) & \($2)) | (\($1) & ~\($2)))" } }

        switch op {
        // Splats, swizzles
        case .i8x16Splat: try splat(.i32, "wv_splat8")
        case .i16x8Splat: try splat(.i32, "wv_splat16")
        case .i32x4Splat: try splat(.i32, "wv_splat32")
        case .i64x2Splat: try splat(.i64, "wv_splat64")
        case .f32x4Splat: try splat(.f32, "wv_splat_f32")
        case .f64x2Splat: try splat(.f64, "wv_splat_f64")
        case .i8x16Swizzle, .i8x16RelaxedSwizzle: try call2("wv_swizzle")

        // Comparisons: all-ones or all-zeros lanes
        case .i8x16Eq: try lanes("wv_i8", "==")
        case .i8x16Ne: try lanes("wv_i8", "!=")
        case .i8x16LtS: try lanes("wv_i8", "<")
        case .i8x16LtU: try lanes("wv_u8", "<")
        case .i8x16GtS: try lanes("wv_i8", ">")
        case .i8x16GtU: try lanes("wv_u8", ">")
        case .i8x16LeS: try lanes("wv_i8", "<=")
        case .i8x16LeU: try lanes("wv_u8", "<=")
        case .i8x16GeS: try lanes("wv_i8", ">=")
        case .i8x16GeU: try lanes("wv_u8", ">=")
        case .i16x8Eq: try lanes("wv_i16", "==")
        case .i16x8Ne: try lanes("wv_i16", "!=")
        case .i16x8LtS: try lanes("wv_i16", "<")
        case .i16x8LtU: try lanes("wv_u16", "<")
        case .i16x8GtS: try lanes("wv_i16", ">")
        case .i16x8GtU: try lanes("wv_u16", ">")
        case .i16x8LeS: try lanes("wv_i16", "<=")
        case .i16x8LeU: try lanes("wv_u16", "<=")
        case .i16x8GeS: try lanes("wv_i16", ">=")
        case .i16x8GeU: try lanes("wv_u16", ">=")
        case .i32x4Eq: try lanes("wv_i32", "==")
        case .i32x4Ne: try lanes("wv_i32", "!=")
        case .i32x4LtS: try lanes("wv_i32", "<")
        case .i32x4LtU: try lanes("wv_u32", "<")
        case .i32x4GtS: try lanes("wv_i32", ">")
        case .i32x4GtU: try lanes("wv_u32", ">")
        case .i32x4LeS: try lanes("wv_i32", "<=")
        case .i32x4LeU: try lanes("wv_u32", "<=")
        case .i32x4GeS: try lanes("wv_i32", ">=")
        case .i32x4GeU: try lanes("wv_u32", ">=")
        case .i64x2Eq: try lanes("wv_i64", "==")
        case .i64x2Ne: try lanes("wv_i64", "!=")
        case .i64x2LtS: try lanes("wv_i64", "<")
        case .i64x2GtS: try lanes("wv_i64", ">")
        case .i64x2LeS: try lanes("wv_i64", "<=")
        case .i64x2GeS: try lanes("wv_i64", ">=")
        // C's float comparisons are IEEE's (NaN: all false except !=), as Wasm's.
        case .f32x4Eq: try lanes("wv_f32", "==")
        case .f32x4Ne: try lanes("wv_f32", "!=")
        case .f32x4Lt: try lanes("wv_f32", "<")
        case .f32x4Gt: try lanes("wv_f32", ">")
        case .f32x4Le: try lanes("wv_f32", "<=")
        case .f32x4Ge: try lanes("wv_f32", ">=")
        case .f64x2Eq: try lanes("wv_f64", "==")
        case .f64x2Ne: try lanes("wv_f64", "!=")
        case .f64x2Lt: try lanes("wv_f64", "<")
        case .f64x2Gt: try lanes("wv_f64", ">")
        case .f64x2Le: try lanes("wv_f64", "<=")
        case .f64x2Ge: try lanes("wv_f64", ">=")

        // Bitwise
        case .v128Not: try unary(.v128, .v128) { "(~\($0))" }
        case .v128And: try binary(.v128, .v128) { "(\($0) & \($1))" }
        case .v128Andnot: try binary(.v128, .v128) { "(\($0) & ~\($1))" }
        case .v128Or: try binary(.v128, .v128) { "(\($0) | \($1))" }
        case .v128Xor: try binary(.v128, .v128) { "(\($0) ^ \($1))" }
        case .v128Bitselect: try bitselect()
        case .i8x16RelaxedLaneselect, .i16x8RelaxedLaneselect, .i32x4RelaxedLaneselect, .i64x2RelaxedLaneselect:
            try bitselect()
        case .v128AnyTrue: try call1("wv_any_true", .i32)

        // i8x16
        case .i8x16Abs: try call1("wv_abs8")
        case .i8x16Neg: try neg("wv_u8")
        case .i8x16Popcnt: try call1("wv_popcnt8")
        case .i8x16AllTrue: try call1("wv_all_true8", .i32)
        case .i8x16Bitmask: try call1("wv_bitmask8", .i32)
        case .i8x16NarrowI16X8S: try call2("wv_narrow16_s")
        case .i8x16NarrowI16X8U: try call2("wv_narrow16_u")
        case .i8x16Shl: try shift("wv_u8", "<<", 8)
        case .i8x16ShrS: try shift("wv_i8", ">>", 8)
        case .i8x16ShrU: try shift("wv_u8", ">>", 8)
        case .i8x16Add: try lanes("wv_u8", "+")
        case .i8x16Sub: try lanes("wv_u8", "-")
        case .i8x16AddSatS: try elementwise2("add_sat", "wv_i8")
        case .i8x16AddSatU: try elementwise2("add_sat", "wv_u8")
        case .i8x16SubSatS: try elementwise2("sub_sat", "wv_i8")
        case .i8x16SubSatU: try elementwise2("sub_sat", "wv_u8")
        case .i8x16MinS: try elementwise2("min", "wv_i8")
        case .i8x16MinU: try elementwise2("min", "wv_u8")
        case .i8x16MaxS: try elementwise2("max", "wv_i8")
        case .i8x16MaxU: try elementwise2("max", "wv_u8")
        case .i8x16AvgrU: try call2("wv_avgr8")

        // i16x8
        case .i16x8Abs: try call1("wv_abs16")
        case .i16x8Neg: try neg("wv_u16")
        case .i16x8AllTrue: try call1("wv_all_true16", .i32)
        case .i16x8Bitmask: try call1("wv_bitmask16", .i32)
        case .i16x8NarrowI32X4S: try call2("wv_narrow32_s")
        case .i16x8NarrowI32X4U: try call2("wv_narrow32_u")
        case .i16x8ExtendLowI8X16S: try call1("wv_extend_lo_s8")
        case .i16x8ExtendHighI8X16S: try call1("wv_extend_hi_s8")
        case .i16x8ExtendLowI8X16U: try call1("wv_extend_lo_u8")
        case .i16x8ExtendHighI8X16U: try call1("wv_extend_hi_u8")
        case .i16x8Shl: try shift("wv_u16", "<<", 16)
        case .i16x8ShrS: try shift("wv_i16", ">>", 16)
        case .i16x8ShrU: try shift("wv_u16", ">>", 16)
        case .i16x8Add: try lanes("wv_u16", "+")
        case .i16x8Sub: try lanes("wv_u16", "-")
        case .i16x8Mul: try lanes("wv_u16", "*")
        case .i16x8AddSatS: try elementwise2("add_sat", "wv_i16")
        case .i16x8AddSatU: try elementwise2("add_sat", "wv_u16")
        case .i16x8SubSatS: try elementwise2("sub_sat", "wv_i16")
        case .i16x8SubSatU: try elementwise2("sub_sat", "wv_u16")
        case .i16x8MinS: try elementwise2("min", "wv_i16")
        case .i16x8MinU: try elementwise2("min", "wv_u16")
        case .i16x8MaxS: try elementwise2("max", "wv_i16")
        case .i16x8MaxU: try elementwise2("max", "wv_u16")
        case .i16x8AvgrU: try call2("wv_avgr16")
        case .i16x8Q15MulrSatS, .i16x8RelaxedQ15MulrS: try call2("wv_q15mulr")
        case .i16x8ExtmulLowI8X16S: try extmul("wv_extend_lo_s8", "wv_u16")
        case .i16x8ExtmulHighI8X16S: try extmul("wv_extend_hi_s8", "wv_u16")
        case .i16x8ExtmulLowI8X16U: try extmul("wv_extend_lo_u8", "wv_u16")
        case .i16x8ExtmulHighI8X16U: try extmul("wv_extend_hi_u8", "wv_u16")
        case .i16x8ExtaddPairwiseI8X16S: try call1("wv_extadd_s8")
        case .i16x8ExtaddPairwiseI8X16U: try call1("wv_extadd_u8")
        case .i16x8RelaxedDotI8X16I7X16S: try call2("wv_relaxed_dot8")

        // i32x4
        case .i32x4Abs: try call1("wv_abs32")
        case .i32x4Neg: try neg("wv_u32")
        case .i32x4AllTrue: try call1("wv_all_true32", .i32)
        case .i32x4Bitmask: try call1("wv_bitmask32", .i32)
        case .i32x4ExtendLowI16X8S: try call1("wv_extend_lo_s16")
        case .i32x4ExtendHighI16X8S: try call1("wv_extend_hi_s16")
        case .i32x4ExtendLowI16X8U: try call1("wv_extend_lo_u16")
        case .i32x4ExtendHighI16X8U: try call1("wv_extend_hi_u16")
        case .i32x4Shl: try shift("wv_u32", "<<", 32)
        case .i32x4ShrS: try shift("wv_i32", ">>", 32)
        case .i32x4ShrU: try shift("wv_u32", ">>", 32)
        case .i32x4Add: try lanes("wv_u32", "+")
        case .i32x4Sub: try lanes("wv_u32", "-")
        case .i32x4Mul: try lanes("wv_u32", "*")
        case .i32x4MinS: try elementwise2("min", "wv_i32")
        case .i32x4MinU: try elementwise2("min", "wv_u32")
        case .i32x4MaxS: try elementwise2("max", "wv_i32")
        case .i32x4MaxU: try elementwise2("max", "wv_u32")
        case .i32x4DotI16X8S: try call2("wv_dot16")
        case .i32x4ExtmulLowI16X8S: try extmul("wv_extend_lo_s16", "wv_u32")
        case .i32x4ExtmulHighI16X8S: try extmul("wv_extend_hi_s16", "wv_u32")
        case .i32x4ExtmulLowI16X8U: try extmul("wv_extend_lo_u16", "wv_u32")
        case .i32x4ExtmulHighI16X8U: try extmul("wv_extend_hi_u16", "wv_u32")
        case .i32x4ExtaddPairwiseI16X8S: try call1("wv_extadd_s16")
        case .i32x4ExtaddPairwiseI16X8U: try call1("wv_extadd_u16")
        case .i32x4TruncSatF32X4S, .i32x4RelaxedTruncF32X4S: try call1("wv_trunc_sat_f32_s")
        case .i32x4TruncSatF32X4U, .i32x4RelaxedTruncF32X4U: try call1("wv_trunc_sat_f32_u")
        case .i32x4TruncSatF64X2SZero, .i32x4RelaxedTruncF64X2SZero: try call1("wv_trunc_sat_f64_s_zero")
        case .i32x4TruncSatF64X2UZero, .i32x4RelaxedTruncF64X2UZero: try call1("wv_trunc_sat_f64_u_zero")
        case .i32x4RelaxedDotI8X16I7X16AddS: try ternary { "wv_relaxed_dot8_add(\($0), \($1), \($2))" }

        // i64x2
        case .i64x2Abs: try call1("wv_abs64")
        case .i64x2Neg: try neg("wv_u64")
        case .i64x2AllTrue: try call1("wv_all_true64", .i32)
        case .i64x2Bitmask: try call1("wv_bitmask64", .i32)
        case .i64x2ExtendLowI32X4S: try call1("wv_extend_lo_s32")
        case .i64x2ExtendHighI32X4S: try call1("wv_extend_hi_s32")
        case .i64x2ExtendLowI32X4U: try call1("wv_extend_lo_u32")
        case .i64x2ExtendHighI32X4U: try call1("wv_extend_hi_u32")
        case .i64x2Shl: try shift("wv_u64", "<<", 64)
        case .i64x2ShrS: try shift("wv_i64", ">>", 64)
        case .i64x2ShrU: try shift("wv_u64", ">>", 64)
        case .i64x2Add: try lanes("wv_u64", "+")
        case .i64x2Sub: try lanes("wv_u64", "-")
        case .i64x2Mul: try lanes("wv_u64", "*")
        case .i64x2ExtmulLowI32X4S: try extmul("wv_extend_lo_s32", "wv_u64")
        case .i64x2ExtmulHighI32X4S: try extmul("wv_extend_hi_s32", "wv_u64")
        case .i64x2ExtmulLowI32X4U: try extmul("wv_extend_lo_u32", "wv_u64")
        case .i64x2ExtmulHighI32X4U: try extmul("wv_extend_hi_u32", "wv_u64")

        // f32x4 (abs and neg are bit operations: NaNs keep their payload)
        case .f32x4Abs: try bitwise("wv_u32", "&", "0x7fffffffu")
        case .f32x4Neg: try bitwise("wv_u32", "^", "0x80000000u")
        case .f32x4Sqrt: try elementwise1("sqrt", "wv_f32")
        case .f32x4Ceil: try elementwise1("ceil", "wv_f32")
        case .f32x4Floor: try elementwise1("floor", "wv_f32")
        case .f32x4Trunc: try elementwise1("trunc", "wv_f32")
        case .f32x4Nearest: try elementwise1("roundeven", "wv_f32")
        case .f32x4Add: try lanes("wv_f32", "+")
        case .f32x4Sub: try lanes("wv_f32", "-")
        case .f32x4Mul: try lanes("wv_f32", "*")
        case .f32x4Div: try lanes("wv_f32", "/")
        case .f32x4Min, .f32x4RelaxedMin: try call2("wv_min_f32")
        case .f32x4Max, .f32x4RelaxedMax: try call2("wv_max_f32")
        case .f32x4Pmin: try call2("wv_pmin_f32")
        case .f32x4Pmax: try call2("wv_pmax_f32")
        case .f32x4ConvertI32X4S: try unary(.v128, .v128) { "(v128)__builtin_convertvector((wv_i32)\($0), wv_f32)" }
        case .f32x4ConvertI32X4U: try unary(.v128, .v128) { "(v128)__builtin_convertvector((wv_u32)\($0), wv_f32)" }
        case .f32x4DemoteF64X2Zero: try call1("wv_demote_zero")
        case .f32x4RelaxedMadd: try madd("wv_f32", negate: false)
        case .f32x4RelaxedNmadd: try madd("wv_f32", negate: true)

        // f64x2
        case .f64x2Abs: try bitwise("wv_u64", "&", "0x7fffffffffffffffull")
        case .f64x2Neg: try bitwise("wv_u64", "^", "0x8000000000000000ull")
        case .f64x2Sqrt: try elementwise1("sqrt", "wv_f64")
        case .f64x2Ceil: try elementwise1("ceil", "wv_f64")
        case .f64x2Floor: try elementwise1("floor", "wv_f64")
        case .f64x2Trunc: try elementwise1("trunc", "wv_f64")
        case .f64x2Nearest: try elementwise1("roundeven", "wv_f64")
        case .f64x2Add: try lanes("wv_f64", "+")
        case .f64x2Sub: try lanes("wv_f64", "-")
        case .f64x2Mul: try lanes("wv_f64", "*")
        case .f64x2Div: try lanes("wv_f64", "/")
        case .f64x2Min, .f64x2RelaxedMin: try call2("wv_min_f64")
        case .f64x2Max, .f64x2RelaxedMax: try call2("wv_max_f64")
        case .f64x2Pmin: try call2("wv_pmin_f64")
        case .f64x2Pmax: try call2("wv_pmax_f64")
        case .f64x2ConvertLowI32X4S: try call1("wv_convert_low_s")
        case .f64x2ConvertLowI32X4U: try call1("wv_convert_low_u")
        case .f64x2PromoteLowF32X4: try call1("wv_promote_low")
        case .f64x2RelaxedMadd: try madd("wv_f64", negate: false)
        case .f64x2RelaxedNmadd: try madd("wv_f64", negate: true)
        }
    }
}

/// The C side of SIMD: lane types over the 16-byte `v128` and the helpers of the operations
/// that are more than one C operator.
enum SIMDHelpers {
    /// A v128 constant (lane 0 first, little-endian like Wasm memory).
    static func constant(_ v: V128) -> String {
        var lo: UInt64 = 0, hi: UInt64 = 0
        for i in 0..<8 {
            lo |= UInt64(v.bytes[i]) << (8 * i)
            hi |= UInt64(v.bytes[i + 8]) << (8 * i)
        }
        return "((v128)(wv_u64){ \(Names.u64(lo)), \(Names.u64(hi)) })"
    }

    /// v128 and its lane operations in C (templates/simd.h).
    static let c = String(cString: wali_rt_template_simd())
}
