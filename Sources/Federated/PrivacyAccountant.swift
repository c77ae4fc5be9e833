import Foundation

/// (ε, δ) accounting for the clipped Gaussian mechanism applied to a client's update in each of
/// R rounds, via Rényi differential privacy (Mironov 2017): one release with noise multiplier z
/// is (α, α/(2z²))-RDP; RDP composes additively over rounds; and
/// ε(δ) = min_α [R·α/(2z²) + log(1/δ)/(α − 1)]. Every round releases the client's update (no
/// subsampling amplification is claimed), so this is the client-level guarantee.
public enum PrivacyAccountant {
    /// ε after `rounds` releases with noise multiplier `z`, at `delta`.
    public static func epsilon(noiseMultiplier z: Double, rounds: Int, delta: Double) -> Double {
        precondition(z > 0 && rounds >= 0 && delta > 0 && delta < 1, "PrivacyAccountant: invalid arguments")
        if rounds == 0 { return 0 }
        let orders = stride(from: 1.01, through: 512, by: 0.01)
        var best = Double.infinity
        for alpha in orders {
            let rdp = Double(rounds) * alpha / (2 * z * z)
            best = min(best, rdp + Foundation.log(1 / delta) / (alpha - 1))
        }
        return best
    }

    /// The smallest noise multiplier (to 1e-3) that gives at most `epsilon` after `rounds` rounds.
    public static func noiseMultiplier(epsilon target: Double, rounds: Int, delta: Double) -> Double {
        var low = 1e-3, high = 1e4
        for _ in 0..<60 {
            let mid = (low + high) / 2
            if epsilon(noiseMultiplier: mid, rounds: rounds, delta: delta) > target { low = mid } else { high = mid }
        }
        return high
    }
}
