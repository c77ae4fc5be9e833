/*:
# The privacy–utility trade-off

**The paper's claim (finding 4).** Adding Gaussian noise to the update lowers leakage to zero at
some noise level, at a measurable cost in accuracy. The companion code's `GaussianPrivacy(σ₀)` adds
N(0, σ²) to every entry of the update, BN buffers included, with σ = σ₀ × the 95th percentile of the
non-zero |Δ|. In the companion figure client 9's RDLV stays near 0.5–0.65 up to σ₀ = 15, falls to
0.39 at 20 and to about 0 from 25 on, while test accuracy drops from 0.965 (σ₀ = 0) to about 0.92
(σ₀ = 25) and 0.85–0.89 (σ₀ = 40–50). Clients 1 and 5 are slightly negative throughout.

**How we test it.** The nine-client federation of the previous chapter trains noise-free for its
first rounds (a warm-up shared by every run); then, for σ₀ = 0, 5, …, 50, it trains its last rounds
with every client applying `GaussianPrivacy(σ₀)`. The server attacks the noisy last-round updates of
client 9 (at every σ₀ on 3 independent noise draws with 2 attack seeds each) and of clients 1 and 5
(at a few σ₀); we record the final test accuracy. The
same sweep runs a second time with the noise on the weights only (the BN running statistics sent
exact, the same draws everywhere else), which separates the two things the companion's filter
noises. At σ₀ = 0 and at the companion's σ₀ = 25 the claims are decided on resampled units: 8 attack
seeds on the noise-free update, and 8 independent noise draws (4 of them attacked with 2 seeds). We
then explain why the noise works (the 1/m amplification of noise on the running-statistics deltas),
and go beyond the paper with the clipped Gaussian mechanism and a formal (ε, δ) accountant.

> **Deviations from the paper.** Fashion-MNIST 32×32 (client 9 holds one Fashion-MNIST image),
> resnet-mini from random weights, 12 rounds instead of 100 with a local learning rate of 0.05
> (chapter 3's federation), capped client sizes, a few hundred attack iterations — and the noise is
> applied only in the last 2 rounds, after 10 shared noise-free rounds (the paper adds it in every
> round). Accuracies are therefore below the paper's, and the accuracy cost measures what 2 noisy
> rounds do to a model that has already learnt — a lower bound on the cost of noise in every round.
> (The first noisy round's local training precedes the noise, so every σ₀ shares it exactly.)
*/
import Attacks
import Autodiff
import ChapterSupport
import Datasets
import Exchange
import Experiments
import Federated
import Foundation
import Kernels
import Leakage
import NN
import Notebook
import Plotting

let run = ChapterRuntime.current
let seed = UInt64(run.seed)
let study = try FederationStudy(settings: run.budget.choose(full: .full, smoke: .smoke, paper: .paper), seed: seed)
let (data, model, clients) = (study.data, study.model, study.clients)
let rounds = study.settings.rounds
let noisyRounds = run.budget.choose(full: 2, smoke: 1)
let warmupRounds = rounds - noisyRounds
let smallIterations = run.budget.choose(full: 400, smoke: 4)
let eightImageIterations = run.budget.choose(full: 120, smoke: 2)
let sigmas: [Float] = run.budget.choose(full: stride(from: 0, through: 50, by: 5).map(Float.init), smoke: [0, 25])
let largeSigmas: [Float] = run.budget.choose(full: [0, 20, 50], smoke: [0])
let highRisk = study.highRisk
func f2(_ x: Double) -> String { NumberFormat.fixed(x) }

/// The shared noise-free warm-up: rounds 1…warmupRounds (its final state is kept for the noisy rounds).
let warmup = FederationRunSpec(settings: study.settings, seed: seed, rounds: warmupRounds, keepStatesAfter: [warmupRounds])
guard let warmOutcome = run.outcomes([warmup], title: "warm-up")[0] else { fatalError("the warm-up federation failed") }
let warmAccuracy = warmOutcome.accuracy.last!
value("test accuracy after the noise-free warm-up (round \(warmupRounds), \(data.test.labels.count) test images)", warmAccuracy)
let sigmaProbe = NoiseProbeSpec(warmup: warmup, sigmas: sigmas, noiseSeed: seed + 7)
guard let probe = run.outcomes([sigmaProbe], title: "noise probe")[0] else { fatalError("the noise probe failed") }

/// The federation trained noise-free through the warm-up, then with `noise` on every client.
func noisyRun(_ noise: NoiseFilter?) -> FederationRunSpec {
    FederationRunSpec(settings: study.settings, seed: seed, rounds: rounds, noisyFrom: warmupRounds + 1, noise: noise,
                      keepStatesAfter: [rounds - 1])
}
/// The server's attack (attack seed `seed + attackSeed`) on client `id`'s last-round update in `federation`.
func lastRoundAudit(_ federation: FederationRunSpec, client id: Int, attackSeed: UInt64 = 0) -> FederationAuditSpec {
    let n = study.client(id).client.labels.count
    return FederationAuditSpec(federation: federation, round: rounds, client: id,
                               attack: AttackRecipe(.baseline, iterations: n == 1 ? smallIterations : eightImageIterations),
                               seed: seed + attackSeed)
}
let sigmaRuns = sigmas.map { noisyRun($0 > 0 ? .gaussianPrivacy(sigma0: $0) : nil) }
/// The same sweep with the BN buffers sent exact (σ₀ = 0 is the same noise-free run).
let weightsOnlyRuns = sigmas.map { noisyRun($0 > 0 ? .gaussianPrivacyWeightsOnly(sigma0: $0) : nil) }
/// The σ₀ at which the paper's noise claims are decided (the companion's RDLV ≈ 0 from 25 on).
let companionSigma: Float = run.budget.choose(full: 25, smoke: sigmas.last!)
let noiseDraws = run.budget.choose(full: 8, smoke: 2)
/// Noise draw `draw` of the federation with `filter` at the companion's σ₀ (draw 0 is the sweep's run).
func drawRun(weightsOnly: Bool, draw: Int) -> FederationRunSpec {
    var spec = noisyRun(weightsOnly ? .gaussianPrivacyWeightsOnly(sigma0: companionSigma) : .gaussianPrivacy(sigma0: companionSigma))
    spec.noiseDraw = draw == 0 ? nil : draw
    return spec
}
let companionDraws = (0..<noiseDraws).map { drawRun(weightsOnly: false, draw: $0) }
let weightsOnlyDraws = (0..<noiseDraws).map { drawRun(weightsOnly: true, draw: $0) }
let norms = probe.updateNorms.map(Float.init)
let clipNorm = norms.sorted()[norms.count / 2]
let multipliers: [Float] = run.budget.choose(full: [0.03, 0.1, 0.3, 1], smoke: [1])
let dpRuns = multipliers.map { noisyRun(.clippedGaussian(clipNorm: clipNorm, noiseMultiplier: $0)) }
let runOutcomes = run.outcomes(sigmaRuns + dpRuns, title: "noisy federations")
let weightsOnlyOutcomes = [runOutcomes[0]] + run.outcomes(Array(weightsOnlyRuns.dropFirst()), title: "weights-only noise")
let drawOutcomes = run.outcomes(Array(companionDraws.dropFirst()) + Array(weightsOnlyDraws.dropFirst()), title: "noise draws at σ₀ = \(Int(companionSigma))")
/// The σ₀ sweep of client 9's leakage (companion's filter): noise draws × attack seeds per σ₀ > 0
/// (σ₀ = 0: the attack seeds on its one noise-free run). Draw d of σ₀ is the sweep's run with `noiseDraw` d.
let sweepDraws = run.budget.choose(full: 3, smoke: 2), sweepSeeds: UInt64 = run.budget.choose(full: 2, smoke: 1)
/// Noise draw `d` of the sweep's run at σ₀ number `i` (draw 0 is the sweep's own run).
func sweepRun(_ i: Int, draw d: Int) -> FederationRunSpec {
    var spec = sigmaRuns[i]
    spec.noiseDraw = d == 0 ? nil : d
    return spec
}
let sweepUnits = sigmas.indices.map { i in
    (0..<(sigmas[i] > 0 ? sweepDraws : 1)).flatMap { d in (0..<sweepSeeds).map { (run: sweepRun(i, draw: d), attackSeed: $0) } }
}
let sweepDrawRuns = sigmas.indices.filter { sigmas[$0] > 0 }.flatMap { i in (1..<sweepDraws).map { sweepRun(i, draw: $0) } }
_ = run.outcomes(sweepDrawRuns.filter { !companionDraws.contains($0) }, title: "noise draws of the σ₀ sweep")
/// Final test accuracy of every noise draw at the companion's σ₀, per filter.
let atSigma = sigmas.firstIndex(of: companionSigma)!
let companionDrawAccuracy = [runOutcomes[atSigma]] + drawOutcomes.prefix(noiseDraws - 1)
let weightsOnlyDrawAccuracy = [weightsOnlyOutcomes[atSigma]] + drawOutcomes.suffix(noiseDraws - 1)
func finalAccuracy(_ outcomes: [FederationRunOutcome?]) -> [Double] { outcomes.map { $0?.accuracy.last ?? .nan } }
let weightsOnlyAccuracies = finalAccuracy(weightsOnlyOutcomes)
let weightsOnlyNegative = weightsOnlyOutcomes.map { $0?.negativeVariances ?? -1 }
let accuracies = runOutcomes.prefix(sigmas.count).map { $0?.accuracy.last ?? .nan }
let negativeVariances = runOutcomes.prefix(sigmas.count).map { $0?.negativeVariances ?? -1 }
let varianceCount = runOutcomes.compactMap { $0?.varianceCount }.first ?? 0

let sigmaAudits = sigmas.indices.flatMap { i in
    (largeSigmas.contains(sigmas[i]) ? [9, 1, 5] : [9]).map { lastRoundAudit(sigmaRuns[i], client: $0) }
}
let dpAudits = dpRuns.map { lastRoundAudit($0, client: 9) }
let weightsOnlyAudits = weightsOnlyRuns.dropFirst().map { lastRoundAudit($0, client: 9) }
/// Attack seeds on the noise-free update, and noise draws × attack seeds at the companion's σ₀.
let attackSeedsPerUpdate = run.budget.choose(full: 8, smoke: 2)
let drawsAttacked = run.budget.choose(full: 4, smoke: 1), seedsPerDraw: UInt64 = 2
let noiseFreeSeedAudits = (1..<UInt64(attackSeedsPerUpdate)).map { lastRoundAudit(sigmaRuns[0], client: 9, attackSeed: $0) }
func drawAudits(_ draws: [FederationRunSpec]) -> [FederationAuditSpec] {
    draws.prefix(drawsAttacked).flatMap { run in (0..<seedsPerDraw).map { lastRoundAudit(run, client: 9, attackSeed: $0) } }
}
let decisionAudits = noiseFreeSeedAudits + drawAudits(companionDraws) + drawAudits(weightsOnlyDraws)
let bnSigmas: [Float] = run.budget.choose(full: [0, 20], smoke: [0])
let priorAudits = bnSigmas.map { sigma -> FederationAuditSpec in
    var spec = FederationAuditSpec(federation: warmup, round: warmupRounds + 1, client: 9,
                                   attack: AttackRecipe(.baseline, iterations: smallIterations), seed: seed)
    spec.threat = .noNormPrior
    spec.extraNoise = sigma > 0 ? NoiseSpec(sigma0: sigma, seed: seed + 7) : nil
    return spec
}
let sweepAudits = sweepUnits.flatMap { $0.map { lastRoundAudit($0.run, client: 9, attackSeed: $0.attackSeed) } }
let allAudits = (sigmaAudits + dpAudits + priorAudits + weightsOnlyAudits + decisionAudits + sweepAudits).reduce(into: [FederationAuditSpec]()) {
    if !$0.contains($1) { $0.append($1) }
}
let auditOutcomes = run.outcomes(allAudits, title: "audits")
func audit(_ spec: FederationAuditSpec) -> AttackOutcome? {
    allAudits.firstIndex(of: spec).flatMap { auditOutcomes[$0] }
}
/// Client 9's RDLV in `federation`'s last round, attack seed `seed + attackSeed`.
func client9RDLV(_ federation: FederationRunSpec, attackSeed: UInt64 = 0) -> Double {
    audit(lastRoundAudit(federation, client: 9, attackSeed: attackSeed))?.assessment.updateRDLV ?? .nan
}
let weightsOnlyRDLV = weightsOnlyRuns.map { client9RDLV($0) }
let client9 = sigmaRuns.map { audit(lastRoundAudit($0, client: 9)) }
func large(_ sigma: Float, _ id: Int) -> [Double] {
    audit(lastRoundAudit(sigmaRuns[sigmas.firstIndex(of: sigma)!], client: id))?.rdlv ?? []
}
/// Client 9's RDLV per σ₀: median over the sweep's noise draws × attack seeds, with its interval.
let sweep9 = sweepUnits.map { units in Summary(units.map { client9RDLV($0.run, attackSeed: $0.attackSeed) }, seed: seed) }
let rdlv9 = sweep9.map(\.median)

/*:
## Leakage and accuracy against σ₀
*/
//| label: fig-rdlv-sigma
//| caption: RDLV of the attacked clients' last-round updates (left axis; client 9: median over noise draws ×
//| caption: attack seeds, clients 1 and 5: median over their images, with 95% bootstrap intervals) and
//| caption: final test accuracy of the first noise draw (right axis) against σ₀.
var series = [Series("client 9", x: sigmas.map(Double.init), y: rdlv9, mark: .lineAndPoints,
                     band: Band(lower: sweep9.map(\.lower), upper: sweep9.map(\.upper)))]
for id in [1, 5] {
    let summaries = largeSigmas.map { Summary(large($0, id), seed: seed) }
    series.append(Series("client \(id)", x: largeSigmas.map(Double.init), y: summaries.map(\.median), mark: .lineAndPoints,
                         band: Band(lower: summaries.map(\.lower), upper: summaries.map(\.upper))))
}
series.append(Series("client 9, weights only", x: sigmas.map(Double.init), y: weightsOnlyRDLV, mark: .lineAndPoints))
series.append(Series("test accuracy", x: sigmas.map(Double.init), y: accuracies, mark: .lineAndPoints, side: .secondary, dashed: true))
series.append(Series("test accuracy, weights only", x: sigmas.map(Double.init), y: weightsOnlyAccuracies, mark: .lineAndPoints,
                     side: .secondary, dashed: true))
show(.chart(Chart(series: series, x: Axis("σ₀"), y: Axis("RDLV"), y2: Axis("test accuracy", lower: 0, upper: 1)), height: 250))
//| label: tab-sigma
//| caption: Per σ₀: client 9's RDLV (median [95% interval] over noise draws × attack seeds), and for the
//| caption: first draw and attack seed its SSIM, the final test accuracy and the negative running variances
//| caption: of the final global model, for the companion's filter (noise on every entry) and for noise on
//| caption: the weights only (BN buffers sent exact; one draw, one attack seed).
table(["σ₀", "client 9 RDLV (draws × seeds)", "client 9 SSIM", "test accuracy", "negative running variances (of \(varianceCount))",
       "weights only: RDLV", "weights only: accuracy", "weights only: negative variances"], sigmas.indices.map { i in
    [String(format: "%.0f", sigmas[i]), sweep9[i].formatted() + " (n \(sweep9[i].count))", f2(client9[i]?.assessment.bestSSIM[0] ?? .nan), f2(accuracies[i]), "\(negativeVariances[i])",
     f2(weightsOnlyRDLV[i]), f2(weightsOnlyAccuracies[i]), "\(weightsOnlyNegative[i])"]
})

/*:
The noise is calibrated to the update itself (σ = σ₀ × its 95th percentile of |Δ|), and after 10
rounds our updates are still large — the model is far from converged, unlike the companion's at
round 100 — so the same σ₀ costs us much more accuracy than it costs the paper. Noise on the BN
running variances adds a second failure: a negative running variance makes the eval-mode
normalisation undefined (the fifth column counts them in the final global model). The weights-only
columns show what is left when the buffers travel exact: no negative variances by construction,
and whatever accuracy the noisy weights alone leave.
*/

//| label: fig-gallery-sigma
//| caption: Client 9's image and the baseline's reconstruction from its noisy update at each σ₀.
show(.imageGrid(ImageGrid(rows: [[highRisk.images.picture] + client9.map { try? $0?.reconstructions?.tensor().picture }],
                          columnLabels: ["original"] + sigmas.map { "σ₀ = \(Int($0))" }), height: 90))

/*:
## Why the noise works: the 1/m amplification

The baseline's BN prior comes from ŝ = (r~T~ − (1 − m)·r₀)/m: noise of standard deviation σ on the
running-statistics deltas becomes noise of σ/m = 10σ on the recovered statistics. We measure the
recovery error of client 9's batch statistics against σ₀, and compare the attack with and without
the BN prior at a few noise levels.
*/
let recoveryError = probe.recoveryError
let withoutPrior = priorAudits.map { audit($0)?.assessment.updateRDLV ?? .nan }
//| label: fig-recovery-sigma
//| caption: Median (over BN layers) relative error of client 9's recovered batch means against σ₀.
show(.chart(Chart(series: [Series("recovered mean", x: sigmas.map(Double.init), y: recoveryError.map { max($0, 1e-8) }, mark: .lineAndPoints)],
                  x: Axis("σ₀"), y: .log("relative error")), height: 200))
table(["σ₀", "client 9 RDLV with recovered BN statistics", "without a BN prior"], bnSigmas.indices.map { i in
    [String(format: "%.0f", bnSigmas[i]), f2(rdlv9[sigmas.firstIndex(of: bnSigmas[i])!]), f2(withoutPrior[i])]
})

/*:
## Beyond the paper: differential privacy with an accountant

`GaussianPrivacy` calibrates its noise to the update itself and clips nothing, so it carries no
formal guarantee. The Gaussian mechanism of differential privacy clips each client's whole update to
an L2 norm C and adds N(0, (z·C)²) to every entry; over R rounds a Rényi-DP accountant turns the
noise multiplier z into a client-level (ε, δ) guarantee. We set C to the median update norm of the
clients in the first noisy round and sweep z over the same 2 noisy rounds. The ε below counts only
those rounds: the warm-up's updates are released without noise, so in a deployment the warm-up
would have to run on public data (or be noised and counted too) for ε to cover the clients.
*/
value("clip norm C (median update norm in the first noisy round)", clipNorm)
let delta = 1e-5
var dpRows: [[String]] = []
var dpPoints: [(epsilon: Double, rdlv: Double, accuracy: Double)] = []
for (k, z) in multipliers.enumerated() {
    let epsilon = PrivacyAccountant.epsilon(noiseMultiplier: Double(z), rounds: noisyRounds, delta: delta)
    let r = audit(dpAudits[k])?.assessment.updateRDLV ?? .nan
    let accuracy = runOutcomes[sigmas.count + k]?.accuracy.last ?? .nan
    dpPoints.append((epsilon, r, accuracy))
    dpRows.append([String(format: "%.2f", z), String(format: "%.3g", epsilon), f2(r), f2(accuracy)])
}
//| label: tab-dp
//| caption: The clipped Gaussian mechanism: noise multiplier z, the resulting ε after the 2 noisy
//| caption: rounds (δ = 10⁻⁵), client 9's RDLV and the final test accuracy.
table(["z", "ε", "client 9 RDLV", "test accuracy"], dpRows)
value("entries per update d", probe.entries)
/*:
The mechanism adds N(0, (z·C)²) to each of the update's d entries, so the noise's norm is about
z·C·√d: with d in the hundreds of thousands, even z = 0.03 adds noise whose norm is many times the
clipped update's — which is why this accounting is usually paired with far more clients per round
(the server's average divides the noise) than our nine.
*/
//| label: fig-dp
//| caption: Client 9's RDLV (left) and test accuracy (right, dashed) against ε (log scale).
show(.chart(Chart(series: [Series("client 9 RDLV", x: dpPoints.map(\.epsilon), y: dpPoints.map(\.rdlv), mark: .lineAndPoints),
                           Series("test accuracy", x: dpPoints.map(\.epsilon), y: dpPoints.map(\.accuracy), mark: .lineAndPoints,
                                  side: .secondary, dashed: true)],
                  x: .log("ε (δ = 10⁻⁵)"), y: Axis("RDLV"), y2: Axis("test accuracy", lower: 0, upper: 1)), height: 230))

/*:
## Recommendation and claims

For each client type, the smallest σ₀ from which the attack's RDLV stays at most 0.1 (no measurable
leakage, fixed before the runs), and what it costs in test accuracy against no noise. The accuracy
claim is only tested on a federation that learns (test accuracy at least 0.6 without noise, also
fixed before the runs).
*/
func smallestSafe(_ values: [Double], _ grid: [Float]) -> Int? {
    grid.indices.first { i in values[i...].allSatisfy { !$0.isFinite || $0 <= 0.1 } }
}
let safe9 = smallestSafe(rdlv9, sigmas)
var recommendation: [[String]] = []
recommendation.append(["client 9 (N = 1, B = 1, T = 1)", safe9.map { String(format: "%.0f", sigmas[$0]) } ?? "none ≤ 50",
                       safe9.map { f2(accuracies[0] - accuracies[$0]) } ?? "–"])
for id in [5, 1] {
    let medians = largeSigmas.map { Summary(large($0, id)).median }
    let safe = smallestSafe(medians, largeSigmas)
    recommendation.append(["client \(id) (N = 8)", safe.map { String(format: "%.0f", largeSigmas[$0]) } ?? "none ≤ 50",
                           safe.map { f2(accuracies[0] - accuracies[sigmas.firstIndex(of: largeSigmas[$0])!]) } ?? "–"])
}
//| label: tab-recommendation
//| caption: The smallest GaussianPrivacy σ₀ (of those run) that removes measurable leakage, and its accuracy cost.
table(["client type", "smallest safe σ₀", "accuracy cost"], recommendation)

claim("The federation learns without noise: test accuracy at least 0.6 (chance 0.1).", kind: .precondition,
      holds: accuracies[0] >= 0.6, evidence: "accuracy \(f2(accuracies[0])) at σ₀ = 0 after \(rounds) rounds")

/*:
The decided claims. Units: attack seeds on the one noise-free update of client 9; at σ₀ =
25, independent noise draws on the same federation (the first 4 attacked with 2
attack seeds each, so 8 attacks). Federation seeds are not resampled: every number here is about
this one federation, and the accuracy intervals say how much the noise draw alone moves it. The
last two findings test our explanation of the accuracy collapse and of why the noise works
(the 1/m amplification above), worded before the run: with the BN buffers sent exact the attack
should keep its BN prior, and the global model its running statistics.
*/
let noiseFreeSeeds = (0..<UInt64(attackSeedsPerUpdate)).map { client9RDLV(sigmaRuns[0], attackSeed: $0) }
func drawRDLV(_ draws: [FederationRunSpec]) -> [Double] {
    draws.prefix(drawsAttacked).flatMap { run in (0..<seedsPerDraw).map { client9RDLV(run, attackSeed: $0) } }
}
let companionDrawRDLV = drawRDLV(companionDraws), weightsOnlyDrawRDLV = drawRDLV(weightsOnlyDraws)
let noisyAccuracy = finalAccuracy(companionDrawAccuracy), weightsOnlyAccuracy = finalAccuracy(weightsOnlyDrawAccuracy)
let accuracyDrop = noisyAccuracy.map { accuracies[0] - $0 }
let bufferCost = zip(weightsOnlyAccuracy, noisyAccuracy).map { $0 - $1 }
let drawUnits = "noise draws × attack seeds (\(drawsAttacked) × \(seedsPerDraw)) at σ₀ = \(Int(companionSigma))"
func listed(_ values: [Double]) -> String { values.map(f2).joined(separator: ", ") }
finding("The one-image client leaks without noise (median RDLV > 0.3).",
        Summary(noiseFreeSeeds, seed: seed).estimate(units: "attack seeds on client 9's noise-free last-round update"),
        threshold: 0.3, side: .above, evidence: "client 9's RDLV per attack seed: \(listed(noiseFreeSeeds))")
finding("GaussianPrivacy at σ₀ = \(Int(companionSigma)) removes client 9's measurable leakage (median RDLV ≤ 0.1; companion ≈ 0 from σ₀ = 25).",
        Summary(companionDrawRDLV, seed: seed).estimate(units: drawUnits), threshold: 0.1, side: .below,
        evidence: "RDLV per draw and seed: \(listed(companionDrawRDLV)); on the sweep (median over draws × seeds) "
          + (safe9.map { "≤ 0.1 from σ₀ = \(String(format: "%.0f", sigmas[$0])) on" } ?? "never ≤ 0.1 up to σ₀ = \(String(format: "%.0f", sigmas.last!))"))
finding("At σ₀ = \(Int(companionSigma)) the test accuracy drops by at most 10 points (companion ≈ 4.5).",
        Summary(accuracyDrop, seed: seed).estimate("median accuracy drop against no noise",
                                                 units: "noise draws on one federation (paired with its noise-free run)"),
        threshold: 0.1, side: .below,
        evidence: "accuracy \(f2(accuracies[0])) without noise; per draw \(listed(noisyAccuracy)) (\(data.test.labels.count) test images)")
finding("Our explanation of the collapse: noise on the BN buffers causes it — at σ₀ = \(Int(companionSigma)), noise on the weights only keeps at least 0.1 more test accuracy than the companion's filter (median paired difference).",
        Summary(bufferCost, seed: seed).estimate("median accuracy difference, weights only − every entry",
                                               units: "noise draws on one federation (the same draw in both filters)"),
        threshold: 0.1, side: .above,
        evidence: "weights only: accuracy per draw \(listed(weightsOnlyAccuracy)); every entry: \(listed(noisyAccuracy))")
finding("Our explanation of the protection: the noise works through the BN buffers — with them sent exact, σ₀ = \(Int(companionSigma)) no longer removes client 9's leakage (median RDLV > 0.3).",
        Summary(weightsOnlyDrawRDLV, seed: seed).estimate(units: drawUnits), threshold: 0.3, side: .above,
        evidence: "weights-only RDLV per draw and seed: \(listed(weightsOnlyDrawRDLV)); every entry: \(listed(companionDrawRDLV))")

/*:
The same decisions across federations (`paper` budget: 8 federation seeds, each with its own
warm-up, one noise draw and one attack per filter; `smoke`: 2; `full`: none). Worded before the
run, with the thresholds above.
*/
let replicates = FederationReplicates(settings: study.settings, seed: seed, count: run.budget.choose(full: 1, smoke: 2, paper: 8))
if replicates.count > 1 {
    let ks = Array(replicates.seeds.indices.dropFirst())
    func replicateRun(_ k: Int, _ noise: NoiseFilter?) -> FederationRunSpec {
        guard let noise else { return replicates.federation(k) }
        return FederationRunSpec(settings: study.settings, seed: replicates.seeds[k], rounds: rounds, noisyFrom: warmupRounds + 1,
                                 noise: noise, keepStatesAfter: [rounds - 1])
    }
    let filters: [NoiseFilter?] = [nil, .gaussianPrivacy(sigma0: companionSigma), .gaussianPrivacyWeightsOnly(sigma0: companionSigma)]
    _ = run.outcomes(ks.map { FederationRunSpec(settings: study.settings, seed: replicates.seeds[$0], rounds: warmupRounds,
                                                keepStatesAfter: [warmupRounds]) }, title: "warm-ups (seeds)")
    let runs = ks.map { k in filters.map { replicateRun(k, $0) } }
    let runOutcomes = run.outcomes(runs.flatMap { $0 }, title: "federations at σ₀ = 0 and \(Int(companionSigma)) (seeds)")
    let auditSpecs = zip(ks, runs).flatMap { k, r in r.map { replicates.lastRoundAudit($0, k, client: 9, iterations: smallIterations) } }
    let auditOutcomes = run.outcomes(auditSpecs, title: "client 9 audits (seeds)")
    /// Per filter (none, every entry, weights only): final accuracy and client 9's RDLV per federation, replicate 0 first.
    func column(_ f: Int, _ first: Double, _ value: (Int) -> Double) -> [Double] { [first] + ks.indices.map { value($0 * filters.count + f) } }
    let accuracy = [accuracies[0], noisyAccuracy[0], weightsOnlyAccuracy[0]].enumerated().map { f, first in
        column(f, first) { runOutcomes[$0]?.accuracy.last ?? .nan }
    }
    let rdlv = [noiseFreeSeeds[0], companionDrawRDLV[0], weightsOnlyDrawRDLV[0]].enumerated().map { f, first in
        column(f, first) { auditOutcomes[$0]?.assessment.updateRDLV ?? .nan }
    }
    let drop = zip(accuracy[0], accuracy[1]).map { $0 - $1 }, gain = zip(accuracy[2], accuracy[1]).map { $0 - $1 }
    //| label: tab-seeds
    //| caption: Per federation seed: final test accuracy and client 9's RDLV without noise, with
    //| caption: GaussianPrivacy on every entry and on the weights only, at the companion's σ₀.
    table(["federation seed", "accuracy σ₀ = 0", "every entry", "weights only", "RDLV σ₀ = 0", "every entry", "weights only"],
          replicates.seeds.indices.map { k in ["\(replicates.seeds[k])"] + (accuracy + rdlv).map { f2($0[k]) } })
    let learnsAt = run.budget.choose(full: 0.6, smoke: 0.6, paper: 0.85)
    claim("Every federation learns without noise: test accuracy at least \(f2(learnsAt)) in each of the \(replicates.count) federations.",
          kind: .precondition, holds: accuracy[0].allSatisfy { $0 >= learnsAt }, evidence: "accuracy per federation: \(listed(accuracy[0]))")
    let sigmaText = "σ₀ = \(Int(companionSigma))"
    finding("Across federations GaussianPrivacy at \(sigmaText) removes client 9's measurable leakage (median RDLV ≤ 0.1).",
            replicates.estimate(rdlv[1], "median RDLV"), threshold: 0.1, side: .below,
            evidence: "RDLV per federation \(listed(rdlv[1])); without noise \(listed(rdlv[0]))")
    finding("Across federations the test accuracy drops by at most 10 points at \(sigmaText) (median paired drop; companion ≈ 4.5).",
            replicates.estimate(drop, "median accuracy drop against no noise"), threshold: 0.1, side: .below,
            evidence: "accuracy without noise \(listed(accuracy[0])); with noise \(listed(accuracy[1]))")
    finding("Across federations noise on the weights only keeps at least 0.1 more test accuracy than the companion's filter at \(sigmaText) "
              + "(median paired difference).",
            replicates.estimate(gain, "median accuracy difference, weights only − every entry"), threshold: 0.1, side: .above,
            evidence: "weights only \(listed(accuracy[2])); every entry \(listed(accuracy[1]))")
    finding("Across federations, with the BN buffers sent exact, \(sigmaText) no longer removes client 9's leakage (median RDLV > 0.3).",
            replicates.estimate(rdlv[2], "median RDLV"), threshold: 0.3, side: .above,
            evidence: "weights-only RDLV per federation \(listed(rdlv[2]))")
}

let eightImage = largeSigmas.flatMap { s in [1, 5].map { Summary(large(s, $0)).median } }
//| label: tab-undecided
//| caption: The paper's claim about the 8-image clients under noise, measured here on one federation,
//| caption: one noise draw and one attack seed per σ₀: shown, not decided (a finding needs at least 8 units, chapter 0).
table(["claim of the paper", "measured here", "units", "a decision needs"], [
    ["The 8-image clients 1 and 5 do not leak at any noise level (median RDLV ≤ 0.1).",
     "per-update medians " + eightImage.map(f2).joined(separator: ", "), "6 updates of 1 federation",
     "≥ 8 updates from independent federations"],
])

/*:
Where these claims fail, three things differ from the paper. The noise that silences client 9
costs far more accuracy than in the paper: the server averages only nine clients per round, so it
divides the noise by nine, not by hundreds, and the recommendation table shows the cost of the
smallest safe σ₀, if any. Client 9's RDLV falls with σ₀ without reaching 0.1: an RDLV between 0.1
and 0.5 says only that the reconstruction resembles the image somewhat more than the prior does,
which a generic garment of the recovered class can achieve (chapter 2's class-conditional reading
shows how much of RDLV the class alone explains). The weights-only sweep separates the two things
the companion's filter noises: with the BN buffers sent exact the attack is untouched at every σ₀
(the recovered batch statistics alone give the one image back), while the accuracy still
collapses — so the protection comes from the noise on the running statistics and the accuracy
cost mostly from the noise on the weights; the negative running variances are not what breaks the
model. The 8-image clients "leak" without noise for the reason chapter 2 measures: against their
class's mean image they do not.
*/
