/*:
# The setting

Federated learning (FL) trains one model across hospitals without moving patient images: every
client trains on its own data and sends only a model update to a server. Earlier work — DLG, iDLG,
Inverting Gradients, GradInversion — showed that training images can be reconstructed from
gradients. Hatamizadeh et al. (*IEEE TMI* 2023) ask whether that makes realistic FL unsafe, and make
four points; each is one chapter of this report:

1. prior attacks are impractical in real FL (chapter 1);
2. a baseline attack that recovers the batch BatchNorm (BN) statistics from the shared *running*
   statistics works in that setting (chapter 2);
3. leakage can be measured and visualised per client and round — RDLV, SSIM, IIP (chapter 3);
4. calibrated noise trades leakage against accuracy (chapter 4).

Chapter 5 tries the paper's headline — one chest radiograph leaking from one hospital's update —
with the paper's own model (torchvision's ResNet-18) at its own resolution, 224×224.

This chapter sets the scene: who the attacker is, which clients the paper audits, and the one fact
the baseline attack rests on, checked numerically. Every chapter of the report is a Swift program:
the prose you read is its comments, the code is what ran, and every number, figure and claim below
comes from that run.

## Threat model

- **Protocol.** FedAvg. In each round the server sends the global weights θ~g~ — all parameters *and*
  the BN buffers. Each client trains one local epoch: SGD (lr 0.01, no momentum), cross-entropy, BN in
  train mode with momentum m = 0.1 and batch size B, so T = ⌈n/B⌉ local iterations for n images.
- **What is shared.** The client sends Δ = θ~local~ − θ~g~ for *every* state entry: weights and biases,
  BN γ/β, BN `running_mean` / `running_var`, and `num_batches_tracked` (which reveals T), plus the
  number of steps. The server averages the updates weighted by the number of local steps.
- **The attacker** is the honest-but-curious server. It knows the architecture, θ~g~, the learning
  rate, B, T, the number of local images N and the optimizer. It does *not* know the labels.
- **Self-audit.** The same attack can run on the client before it sends its update: measure the
  leakage, and withhold the update when it is too high (NVFlare's RDLV filter, threshold 1.0).

## The clients of the companion experiment

The paper's companion experiment trains an ImageNet-pretrained ResNet-18 on the COVID-19 Radiography
Database (COVID vs. normal, 224×224) with nine clients for 100 rounds, and audits clients 1, 5 and 9
at rounds 20, 40, 60 and 80.

| client | batch B | train images N | local steps T |
|-------:|--------:|---------------:|--------------:|
| 1 | 4 | 8 | 2 |
| 2 | 4 | 32 | 8 |
| 3 | 4 | 128 | 32 |
| 4 | 4 | 512 | 128 |
| 5 | 8 | 8 | 1 |
| 6 | 8 | 32 | 4 |
| 7 | 8 | 128 | 16 |
| 8 | 8 | 512 | 64 |
| 9 (*high risk*) | 1 | 1 | 1 |

Table: The nine clients of the companion experiment. Client 9's single image carries a burned-in fake
patient name and birth date, and its reconstruction shows them.

> **Our setting differs.** No chest X-ray dataset or pretrained weights can be downloaded here. The
> federation trains on Fashion-MNIST, the networks are scaled-down ResNets from random weights,
> images are 32×32 (64×64 for one real radiograph held by the high-risk client; 224×224 with
> torchvision's ResNet-18 in chapter 5), and attacks run tens to a few thousand iterations on two
> CPU cores. Every chapter states its deviations next to its results.

## Our data

The federation's clients hold Fashion-MNIST images (the Debian package `dataset-fashion-mnist`),
zero-padded from 28×28 to 32×32 and scaled to [0, 1]; training images with index below 50,000 are
the clients' pool, images from 50,000 on are reserved for tuning attacks and for the attack's prior
image — the blurred mean of 1,000 of them. The high-risk hospital holds a real chest radiograph,
NEMA WG04's RG1 (MIT-licensed `pydicom-data`), with a fake name and birth date burned in.
*/
import Autodiff
import ChapterSupport
import Datasets
import Foundation
import Kernels
import Notebook
import Plotting

//| label: fig-data
//| caption: Fashion-MNIST images of the clients' pool (one per class), the attack's prior image, and
//| caption: the high-risk hospital's radiograph at 64×64 with its burned-in fake name.
let pool = try FashionMNIST.load(.train, limit: 200)
let prior = try PriorImage.mean(of: try FashionMNIST.load(.train, limit: 51_000).subset(Array(50_000..<51_000)).images, blurSigma: 1.5)
let examples = (0..<10).map { c in pool.labels.firstIndex(of: c)! }
let sampleRow = examples.map { pool.images.sliced(axis: 0, $0..<($0 + 1)).picture }
show(.imageGrid(ImageGrid(rows: [Array(sampleRow.prefix(5)), Array(sampleRow.suffix(5)),
                                 [prior.picture, (try Radiograph.load(size: 64)).picture, nil, nil, nil]],
                          rowLabels: ["classes 0–4", "classes 5–9", "prior · radiograph"],
                          columnLabels: [], scaling: .fixed(lower: 0, upper: 1)), height: 270))

/*:
## Recovering batch BN statistics

In train mode a BN layer normalises with the statistics of the current batch and then updates its
running statistics, at every local step t:

r~t~ = (1 − m) · r~t−1~ + m · s~t~,

where s~t~ is the per-channel batch mean, or the **unbiased** batch variance (n/(n−1) times the
biased variance used for normalising, with n = B·H·W values per channel). The server knows r₀ (it
sent it) and r~T~ = r₀ + Δ, so it can compute

ŝ = (r~T~ − (1 − m) · r₀) / m.

For T = 1 this *is* the batch statistic. For T > 1 it is the mixture
ŝ = Σ~t~ (1 − m)^T−t^ · s~t~ + ((1 − m)^T^ − (1 − m))/m · r₀, so the prior it gives the attack weakens
as T grows. We check both statements on random feature maps, with the same Tensor operations the
networks use.
*/

let run = ChapterRuntime.current
let momentum: Float = 0.1
// Feature maps of one BN layer: B images, C channels of side × side values.
let (batch, channels, side) = run.budget.choose(full: (16, 32, 8), smoke: (4, 8, 8))
let trials = run.budget.choose(full: 100, smoke: 4)
var generator = RandomGenerator(seed: run.seed)

/// Per-channel mean and unbiased variance of NCHW features: what PyTorch's BN puts
/// into its running statistics (docs/PAPER.md "Recovering batch BN statistics").
func batchStatistics(_ x: Tensor) -> (mean: Tensor, variance: Tensor) {
    let n = Float(x.shape[0] * x.shape[2] * x.shape[3])
    let mean = x.mean(axes: [0, 2, 3])
    let centered = x - mean.reshaped([1, x.shape[1], 1, 1])
    return (mean, centered.squared().sum(axes: [0, 2, 3]) / (n - 1))
}

/// One running-statistics update, r ← (1 − m)·r + m·s.
func updated(_ running: Tensor, with statistic: Tensor) -> Tensor {
    running * (1 - momentum) + statistic * momentum
}

/// The server's recovery ŝ = (r_T − (1 − m)·r₀)/m.
func recovered(initial r0: Tensor, final rT: Tensor) -> Tensor {
    (rT - r0 * (1 - momentum)) / momentum
}

/// Largest absolute entry of a tensor, and the relative error of an estimate.
func maxAbs(_ x: Tensor) -> Float { x.abs().maxDetached(axes: [0]).item }
func relativeError(_ estimate: Tensor, _ truth: Tensor) -> Float {
    maxAbs(estimate - truth) / maxAbs(truth)
}

/// A random batch whose channels have their own mean and scale, like real feature maps.
func randomBatch(_ generator: inout RandomGenerator) -> Tensor {
    let shape = [1, channels, 1, 1]
    let shift = Tensor.randomNormal(shape, generator: &generator)
    let scale = Tensor.randomUniform(shape, lower: 0.5, upper: 2, generator: &generator)
    let noise = Tensor.randomNormal([batch, channels, side, side], generator: &generator)
    return noise * scale + shift
}

/*:
### One local step: exact recovery

A client with a single local step (T = 1, like clients 5 and 9) updates its running statistics
once. We draw global running statistics r₀, one batch of feature maps, apply PyTorch's update, and
recover the batch statistics from r₀ and r₁ alone.
*/
let r0Mean = Tensor.randomNormal([channels], generator: &generator)
let r0Variance = Tensor.randomUniform([channels], lower: 0.5, upper: 2, generator: &generator)
let truth = batchStatistics(randomBatch(&generator))
let meanHat = recovered(initial: r0Mean, final: updated(r0Mean, with: truth.mean))
let varianceHat = recovered(initial: r0Variance,
                            final: updated(r0Variance, with: truth.variance))

let meanError = relativeError(meanHat, truth.mean)
let varianceError = relativeError(varianceHat, truth.variance)
let n = Float(batch * side * side)
let biasedGap = relativeError(varianceHat, truth.variance * ((n - 1) / n))
value("relative error of the recovered mean (T = 1)", meanError)
value("relative error of the recovered variance (T = 1)", varianceError)
value("relative gap to the biased variance", biasedGap)
value("1/(n − 1) for n = B·H·W", 1 / (n - 1))

/*:
The recovered statistics agree with the batch's to Float32 rounding ({{relative error of the
recovered mean (T = 1)}} for the mean, {{relative error of the recovered variance (T = 1)}} for the
variance), while they differ from the *biased* variance by {{relative gap to the biased variance}},
which is 1/(n − 1): the running variance carries the unbiased estimate, and an attack that matches
the batch's normalisation statistics must undo that factor.

### Several local steps: a mixture

With T > 1 local steps, the same formula returns a weighted mixture of the T batch statistics and
r₀. For T = 1…8 we repeat the experiment with fresh random batches ({{trials}} trials per T) and
compare ŝ with the statistic of the last batch, with the average of the T batch statistics, and with
the mixture predicted above.
*/
//| label: fig-mixture
//| caption: Relative error of the recovered batch mean ŝ against three references, for T local
//| caption: steps (median over trials; the band spans the trials' minimum to maximum). Only the
//| caption: predicted mixture matches beyond T = 1.
/// Relative errors of ŝ (mean) after `steps` local steps, against the last batch's mean,
/// the average of the batch means, and the mixture predicted by the formula above.
func mixtureTrial(steps: Int, _ generator: inout RandomGenerator) -> [Double] {
    let r0 = Tensor.randomNormal([channels], generator: &generator)
    var running = r0
    var means: [Tensor] = []
    for _ in 0..<steps {
        let mean = batchStatistics(randomBatch(&generator)).mean
        running = updated(running, with: mean)
        means.append(mean)
    }
    let estimate = recovered(initial: r0, final: running)
    let kept = 1 - momentum
    var predicted = r0 * ((powf(kept, Float(steps)) - kept) / momentum)
    for (t, mean) in means.enumerated() {
        predicted = predicted + mean * powf(kept, Float(steps - 1 - t))
    }
    let average = means.dropFirst().reduce(means[0], +) / Float(steps)
    return [relativeError(estimate, means[steps - 1]), relativeError(estimate, average),
            relativeError(estimate, predicted)].map(Double.init)
}

// errors[reference][T − 1] = the trials' errors.
var errors = Array(repeating: [[Double]](), count: 3)
var progress = Progress("mixture", total: 8 * trials)
for steps in 1...8 {
    var byReference = Array(repeating: [Double](), count: 3)
    for _ in 0..<trials {
        for (r, error) in mixtureTrial(steps: steps, &generator).enumerated() {
            byReference[r].append(error)
        }
        progress.advance()
    }
    for r in 0..<3 { errors[r].append(byReference[r]) }
}
value("trials", trials)

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/*:
@fig-mixture shows the three errors; the table below gives the medians and the weight
((1 − m)^T^ − (1 − m))/m that r₀ gets in the mixture.
*/
//| label: fig-mixture
//| caption: Relative error of the recovered batch mean ŝ against three references, for T
//| caption: local steps (median over trials; the band spans the trials' minimum to maximum).
//| caption: Only the predicted mixture matches beyond T = 1.
let names = ["vs. last batch", "vs. average of the T batches", "vs. predicted mixture"]
let series = (0..<3).map { r in
    Series(names[r], x: (1...8).map(Double.init), y: errors[r].map(median),
           mark: .lineAndPoints, band: Band(lower: errors[r].map { $0.min()! },
                                            upper: errors[r].map { $0.max()! }),
           dashed: r == 2)
}
let chart = Chart(series: series, x: Axis("local steps T"),
                  y: .log("relative error of ŝ (mean)"))
show(.chart(chart, height: 240))

//| caption: Median relative error of the recovered batch mean, and the weight of the
//| caption: global running statistic r₀ in the mixture.
let rows = (1...8).map { steps -> [String] in
    let kept = 1 - Double(momentum)
    let weight = (pow(kept, Double(steps)) - kept) / Double(momentum)
    return ["\(steps)", NumberFormat.significant(weight)]
        + (0..<3).map { NumberFormat.significant(median(errors[$0][steps - 1])) }
}
table(["T", "weight of r₀", "vs. last batch", "vs. average", "vs. mixture"], rows)

/*:
## How the verdicts are decided

Every chapter ends with claims of three kinds. **Checks** are exact identities of our
implementation (the recovery below): they pass or fail. **Preconditions** say that an experiment
can show what it is meant to show (the federation learns; an attack leaks in the easiest cell of a
sweep). **Findings** are the paper's claims, worded and given a threshold before the runs, and
decided by a measured statistic with a 95 % interval:

- the statistic is usually the median RDLV over the *units* of the finding — evaluation images,
  client updates, audited rounds, federation seeds — and its interval is the 2.5th and 97.5th
  percentiles of the median over 2,000 bootstrap resamples of those units (`Summary`, built on
  `Bootstrap.percentileInterval`; Spearman's ρ is bootstrapped over image pairs the same way);
- where a unit is measured several times — an evaluation image attacked with 2 attack seeds, a
  client update whose 4 or 8 images are each scored — the repeats are summarised within the unit
  first (the mean over seeds; the update's median over its images), and only the units are
  resampled, so that repeats never pass for independent evidence;
- **reproduced** when the whole interval lies on the paper's side of the threshold, **not
  reproduced** when it lies wholly on the other side, and **inconclusive** when it touches or
  straddles the threshold, or when it rests on fewer than 8 units — a percentile interval over
  3 units is just their range, and covers far less than 95 %;
- a finding measured on one update, one federation or one noise draw therefore stays inconclusive
  however clear its number looks, and says so. The summary at the end of the report counts the
  three verdicts separately.

## Claims

The paper's recovery argument holds in our implementation: one local step gives the batch
statistics exactly (@fig-mixture, T = 1), and more steps give the predicted mixture, which drifts
away from every single batch's statistics — the reason the baseline attack gets weaker for clients
with many local steps.
*/
let worstMixture = errors[2].flatMap { $0 }.max()!
let averageAtTwo = median(errors[1][1])
func sig(_ x: Float) -> String { NumberFormat.significant(Double(x)) }
claim("""
      For T = 1 the batch BN statistics (mean and unbiased variance) are recovered exactly \
      from the running statistics: ŝ = (r₁ − (1 − m)·r₀)/m.
      """,
      holds: meanError < 1e-5 && varianceError < 1e-5,
      evidence: """
      relative error \(sig(meanError)) (mean) and \(sig(varianceError)) (variance) in \
      Float32; B = \(batch), C = \(channels), \(side)×\(side) maps
      """)
claim("""
      For T > 1 the recovered statistic is the weighted mixture \
      Σ (1 − m)^(T−t)·s_t + ((1 − m)^T − (1 − m))/m · r₀, not the statistic of the batches.
      """,
      holds: worstMixture < 1e-4 && averageAtTwo > 0.1,
      evidence: """
      largest error vs. the mixture \(NumberFormat.significant(worstMixture)) over \
      T = 1…8; median error vs. the average batch mean already \
      \(NumberFormat.significant(averageAtTwo)) at T = 2
      """)
