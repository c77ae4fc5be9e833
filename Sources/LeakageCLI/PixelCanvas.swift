import Autodiff

/// A white C×H×W float canvas (C = 1 or 3) onto which the audit's pictures are composed: images
/// enlarged by nearest neighbour, and captions in `BitmapFont`.
struct PixelCanvas {
    let channels: Int, width: Int, height: Int
    private(set) var pixels: [Float]

    init(channels: Int, width: Int, height: Int) {
        self.channels = channels; self.width = width; self.height = height
        pixels = [Float](repeating: 1, count: channels * width * height)
    }

    /// Draws `image` ([C, H, W] or [1, C, H, W], C = 1 or 3) with its top-left corner at (x, y),
    /// each pixel enlarged to `scale`×`scale`. A gray image on a colour canvas is drawn in gray;
    /// values are mapped to [0, 1] by `display`.
    mutating func draw(_ image: Tensor, x: Int, y: Int, scale: Int, display: Display) {
        let shape = Array(image.shape.suffix(3))
        let (c, h, w) = (shape[0], shape[1], shape[2])
        let values = display.apply(image.scalars)
        for k in 0..<channels {
            let source = min(k, c - 1) * h * w
            for row in 0..<(h * scale) where y + row < height {
                for column in 0..<(w * scale) where x + column < width {
                    pixels[(k * height + y + row) * width + x + column] = values[source + (row / scale) * w + column / scale]
                }
            }
        }
    }

    /// Draws `text` in black with its top-left corner at (x, y), each font pixel `scale`×`scale`.
    mutating func text(_ text: String, x: Int, y: Int, scale: Int) {
        for (i, character) in text.enumerated() {
            for row in 0..<BitmapFont.glyphHeight {
                for column in 0..<BitmapFont.glyphWidth where BitmapFont.isSet(character, row: row, column: column) {
                    fill(x: x + (i * BitmapFont.advance + column) * scale, y: y + row * scale, size: scale, value: 0)
                }
            }
        }
    }

    /// Draws `text` centred horizontally on `centerX`.
    mutating func text(_ text: String, centerX: Int, y: Int, scale: Int) {
        self.text(text, x: centerX - BitmapFont.size(text, scale: scale).width / 2, y: y, scale: scale)
    }

    private mutating func fill(x: Int, y: Int, size: Int, value: Float) {
        for k in 0..<channels {
            for row in y..<(y + size) where row >= 0 && row < height {
                for column in x..<(x + size) where column >= 0 && column < width {
                    pixels[(k * height + row) * width + column] = value
                }
            }
        }
    }

    /// The canvas as a tensor [C, H, W] in [0, 1].
    var tensor: Tensor { Tensor(shape: [channels, height, width], scalars: pixels) }

    /// How image values are mapped to the displayed [0, 1].
    enum Display {
        /// Clamped to [0, 1] (training images).
        case clamped
        /// Min–max rescaled over all channels, as the leakage scores see reconstructions.
        case minMax

        func apply(_ v: [Float]) -> [Float] {
            switch self {
            case .clamped:
                return v.map { min(max($0, 0), 1) }
            case .minMax:
                let lo = v.min() ?? 0, hi = v.max() ?? 1
                return v.map { hi > lo ? ($0 - lo) / (hi - lo) : 0.5 }
            }
        }
    }
}
