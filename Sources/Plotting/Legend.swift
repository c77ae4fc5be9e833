/// A legend laid out in rows above the plot: a short sample of each series' line/marker/bar and its name.
struct Legend {
    enum Sample { case line(dashed: Bool, markers: Bool), marker, box }
    struct Entry {
        let name: String
        let color: Color
        let sample: Sample
    }

    let entries: [Entry]
    let canvas: Canvas
    private let sampleWidth = 16.0
    private let gap = 4.0
    private let spacing = 12.0

    private func rows(width: Double) -> [[(entry: Entry, width: Double)]] {
        var rows: [[(entry: Entry, width: Double)]] = [[]]
        var used = 0.0
        for entry in entries {
            let w = sampleWidth + gap + canvas.measure(entry.name).width
            if !rows[rows.count - 1].isEmpty && used + spacing + w > width {
                rows.append([])
                used = 0
            }
            used += (rows[rows.count - 1].isEmpty ? 0 : spacing) + w
            rows[rows.count - 1].append((entry, w))
        }
        return rows
    }

    /// Height the legend needs at this width.
    func height(width: Double) -> Double {
        entries.isEmpty ? 0 : Double(rows(width: width).count) * (canvas.measure("Ag").height + 2) + 4
    }

    /// Draws the legend centred at the top of `rect`.
    func draw(in rect: Rect) {
        let lineHeight = canvas.measure("Ag").height + 2
        var y = rect.y
        for row in rows(width: rect.width) {
            let total = row.reduce(0) { $0 + $1.width } + spacing * Double(row.count - 1)
            var x = rect.midX - total / 2
            let midY = y + lineHeight / 2
            for (entry, width) in row {
                switch entry.sample {
                case .line(let dashed, let markers):
                    canvas.line(x, midY, x + sampleWidth, midY, width: canvas.style.lineWidth, color: entry.color, dashed: dashed)
                    if markers { canvas.circle(x: x + sampleWidth / 2, y: midY, radius: canvas.style.markerRadius, color: entry.color) }
                case .marker:
                    canvas.circle(x: x + sampleWidth / 2, y: midY, radius: canvas.style.markerRadius, color: entry.color)
                case .box:
                    canvas.fill(Rect(x: x + 3, y: midY - 4, width: sampleWidth - 6, height: 8), color: entry.color)
                }
                canvas.text(entry.name, x: x + sampleWidth + gap, y: midY, anchor: .left)
                x += width + spacing
            }
            y += lineHeight
        }
    }
}
