// A standalone prototype, not part of the package (session 17): is a GEMM whose weight operand is
// packed once, ahead of time, faster than OpenBLAS on ResNet-18 layer 4's narrow products
// (C[512×49] = W[512×4608] · X[4608×49] at 224×224), where OpenBLAS packs the 9.4 MB weight
// matrix on every call and uses each packed value only 49 times?
//
// Build and run (one core): see README.md in this folder.
import Foundation

typealias Vector = SIMD8<Float>
@inline(__always) func load(_ p: UnsafePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
@inline(__always) func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self) }

/// out[16×6, column-major] = Σ_k panel[k][0..<16] · x[k][0..<6]: 12 AVX2 accumulators.
@inline(never)
func tile16x6(_ panel: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ ldx: Int, _ depth: Int, _ out: UnsafeMutablePointer<Float>) {
    var a00 = Vector(), a01 = Vector(), a10 = Vector(), a11 = Vector(), a20 = Vector(), a21 = Vector()
    var a30 = Vector(), a31 = Vector(), a40 = Vector(), a41 = Vector(), a50 = Vector(), a51 = Vector()
    var w = panel, row = x
    for _ in 0..<depth {
        let w0 = load(w), w1 = load(w + 8)
        var b = Vector(repeating: row[0]); a00 = a00.addingProduct(w0, b); a01 = a01.addingProduct(w1, b)
        b = Vector(repeating: row[1]); a10 = a10.addingProduct(w0, b); a11 = a11.addingProduct(w1, b)
        b = Vector(repeating: row[2]); a20 = a20.addingProduct(w0, b); a21 = a21.addingProduct(w1, b)
        b = Vector(repeating: row[3]); a30 = a30.addingProduct(w0, b); a31 = a31.addingProduct(w1, b)
        b = Vector(repeating: row[4]); a40 = a40.addingProduct(w0, b); a41 = a41.addingProduct(w1, b)
        b = Vector(repeating: row[5]); a50 = a50.addingProduct(w0, b); a51 = a51.addingProduct(w1, b)
        w += 16; row += ldx
    }
    store(a00, out); store(a01, out + 8); store(a10, out + 16); store(a11, out + 24)
    store(a20, out + 32); store(a21, out + 40); store(a30, out + 48); store(a31, out + 56)
    store(a40, out + 64); store(a41, out + 72); store(a50, out + 80); store(a51, out + 88)
}

let rows = 512, columns = 48, depth = 4608
let depthBlock = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 1024
/// `cold` as second argument: evict the caches (write 128 MB) before every timed call, as the app's
/// other work does between two products with the same weights.
let cold = CommandLine.arguments.dropFirst(2).first == "cold"
let evictionBuffer = UnsafeMutablePointer<Float>.allocate(capacity: cold ? 32 << 20 : 1)
let weights = UnsafeMutablePointer<Float>.allocate(capacity: rows * depth)
let x = UnsafeMutablePointer<Float>.allocate(capacity: depth * 49)
let c = UnsafeMutablePointer<Float>.allocate(capacity: rows * 49)
for i in 0..<(rows * depth) { weights[i] = Float.random(in: -1...1) }
for i in 0..<(depth * 49) { x[i] = Float.random(in: -1...1) }
// Packed once: panel p holds rows 16p..<16p+16, k-major, 16 floats per k.
let packed = UnsafeMutablePointer<Float>.allocate(capacity: rows * depth)
for p in 0..<(rows / 16) { for k in 0..<depth { for r in 0..<16 { packed[(p * depth + k) * 16 + r] = weights[(p * 16 + r) * depth + k] } } }
let tile = UnsafeMutablePointer<Float>.allocate(capacity: 96)

/// C[:, 0..<48] of X with leading dimension 49 (the 49th column would be a 16×1 tail kernel).
func prepackedProduct() {
    c.update(repeating: 0, count: rows * 49)
    for k0 in stride(from: 0, to: depth, by: depthBlock) {
        let kc = min(depthBlock, depth - k0)
        for p in 0..<(rows / 16) {
            for j in stride(from: 0, to: columns, by: 6) {
                tile16x6(packed + (p * depth + k0) * 16, x + k0 * 49 + j, 49, kc, tile)
                for jj in 0..<6 { for r in 0..<16 { c[(p * 16 + r) * 49 + j + jj] += tile[jj * 16 + r] } }
            }
        }
    }
}

func medianSeconds(_ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<30 {
        if cold { evictionBuffer.update(repeating: Float(times.count), count: 32 << 20) }
        let t = Date(); body(); times.append(Date().timeIntervalSince(t))
    }
    return times.sorted()[15]
}

openblas_set_num_threads(1)
prepackedProduct()
var largestError: Float = 0
for i in stride(from: 0, to: rows, by: 37) {
    for j in 0..<columns {
        var s: Float = 0
        for k in 0..<depth { s += weights[i * depth + k] * x[k * 49 + j] }
        largestError = max(largestError, abs(s - c[i * 49 + j]))
    }
}
let ours = medianSeconds(prepackedProduct)
let blas = medianSeconds {
    cblas_sgemm(101, 111, 111, Int32(rows), 49, Int32(depth), 1, weights, Int32(depth), x, 49, 0, c, 49)
}
print(String(format: "%@depth block %d: prepacked 512×48×4608 %.2f ms (%.1f GFLOP/s, largest error %.1e); OpenBLAS 512×49×4608 %.2f ms (%.1f GFLOP/s)",
             cold ? "cold caches, " : "", depthBlock, ours * 1e3, 2 * Double(rows * columns * depth) / ours / 1e9, largestError,
             blas * 1e3, 2 * Double(rows * 49 * depth) / blas / 1e9))
