import Autodiff
import Datasets
import Experiments
import Foundation

/// `side-by-side.png` of `leakage audit`: each client image above the reconstruction the scores
/// matched to it (`LeakageAssessment.bestReconstruction`, the best-match gallery of docs/PAPER.md "Measuring leakage"), enlarged by
/// nearest neighbour to tiles of at least `minimumTile` pixels, with the pair's SSIM and RDLV written
/// underneath. Without client images, the reconstructions alone, enlarged. Works for 1- and 3-channel
/// images (the canvas takes the larger channel count).
enum SideBySide {
    static let minimumTile = 128
    static let gap = 16, margin = 12, fontScale = 2

    static func write(originals: [Tensor]?, reconstructions: [Tensor], assessment: LeakageAssessment?, to path: String) throws {
        try ImageFile.write(render(originals: originals, reconstructions: reconstructions, assessment: assessment), to: path)
    }

    /// The picture as a tensor [C, H, W].
    static func render(originals: [Tensor]?, reconstructions: [Tensor], assessment: LeakageAssessment?) -> Tensor {
        guard let first = reconstructions.first else { return Tensor(repeating: 1, shape: [1, 1, 1]) }
        let shape = Array(first.shape.suffix(3))
        let (h, w) = (shape[1], shape[2])
        let scale = max(1, (minimumTile + max(h, w) - 1) / max(h, w))
        let (tileW, tileH) = (w * scale, h * scale)
        let channels = ((originals ?? []) + reconstructions).map { $0.shape[$0.rank - 3] }.max() ?? 1
        let lineHeight = BitmapFont.glyphHeight * fontScale + 6

        // One column per original (with its best reconstruction), or per reconstruction.
        struct Column { let top: Tensor?; let bottom: Tensor; let captions: [String] }
        var columns: [Column] = []
        let header: [String]
        if let originals, let assessment {
            header = ["TOP: CLIENT IMAGE", "BOTTOM: BEST RECONSTRUCTION"]
            for (i, original) in originals.enumerated() {
                let r = assessment.bestReconstruction[i]
                columns.append(Column(top: original, bottom: reconstructions[r], captions: [
                    "IMAGE \(i) : REC \(r)", "SSIM \(String(format: "%.3f", assessment.bestSSIM[i]))",
                    "RDLV " + (assessment.rdlv[i].map { String(format: "%+.3f", $0) } ?? "UNDEFINED"),
                ]))
            }
        } else {
            header = ["RECONSTRUCTIONS", "(NOT SCORED)"]
            columns = reconstructions.indices.map { Column(top: nil, bottom: reconstructions[$0], captions: ["REC \($0)"]) }
        }
        let captionWidth = columns.flatMap(\.captions).map { BitmapFont.size($0, scale: fontScale).width }.max() ?? 0
        let columnWidth = max(tileW, captionWidth)
        let rows = columns.contains { $0.top != nil } ? 2 : 1
        let captionLines = columns.map(\.captions.count).max() ?? 0
        let contentWidth = columns.count * columnWidth + (columns.count - 1) * gap
        let headerWidth = header.map { BitmapFont.size($0, scale: fontScale).width }.max() ?? 0
        let width = 2 * margin + max(contentWidth, headerWidth)
        let tilesTop = margin + header.count * lineHeight + 4
        let height = tilesTop + rows * tileH + (rows - 1) * gap + 6 + captionLines * lineHeight + margin

        var canvas = PixelCanvas(channels: channels, width: width, height: height)
        for (i, line) in header.enumerated() { canvas.text(line, x: margin, y: margin + i * lineHeight, scale: fontScale) }
        for (c, column) in columns.enumerated() {
            let left = margin + c * (columnWidth + gap)
            let tileLeft = left + (columnWidth - tileW) / 2
            var y = tilesTop
            if let top = column.top {
                canvas.draw(top, x: tileLeft, y: y, scale: scale, display: .clamped)
                y += tileH + gap
            }
            canvas.draw(column.bottom, x: tileLeft, y: y, scale: scale, display: .minMax)
            y += tileH + 6
            for caption in column.captions {
                canvas.text(caption, centerX: left + columnWidth / 2, y: y, scale: fontScale)
                y += lineHeight
            }
        }
        return canvas.tensor
    }
}
