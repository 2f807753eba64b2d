import Scenarios

/// Inline SVG bar charts.
enum BarChart {
    struct Bar {
        var label: String
        /// 0...maximum.
        var value: Double
        var note: String
        /// 0...1: how dark the bar is.
        var emphasis: Double
    }

    /// `compact` fits half a page (short labels, shorter bars).
    static func horizontal(_ bars: [Bar], maximum: Double, title: String, compact: Bool = false) -> String {
        let labelWidth = compact ? 70.0 : 170.0, barWidth = compact ? 200.0 : 330.0, noteWidth = compact ? 180.0 : 240.0, row = 22.0
        let width = labelWidth + barWidth + noteWidth
        let height = Double(bars.count) * row + 8
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" role=\"img\" aria-label=\"\(html(title))\"><title>\(html(title))</title>"
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * row + 4
            let length = maximum > 0 ? max(0, min(1, bar.value / maximum)) * barWidth : 0
            let lightness = Int(82 - 46 * max(0, min(1, bar.emphasis)))
            let label = bar.label.count > 24 ? String(bar.label.prefix(23)) + "…" : bar.label
            svg += "<text x=\"\(Int(labelWidth - 8))\" y=\"\(format(y + 14))\" text-anchor=\"end\">\(html(label))</text>"
            svg += "<rect x=\"\(Int(labelWidth))\" y=\"\(format(y + 3))\" width=\"\(Int(barWidth))\" height=\"14\" fill=\"#eef2f6\"/>"
            svg += "<rect x=\"\(Int(labelWidth))\" y=\"\(format(y + 3))\" width=\"\(format(length))\" height=\"14\" fill=\"hsl(215, 70%, \(lightness)%)\"/>"
            svg += "<text x=\"\(Int(labelWidth + barWidth + 8))\" y=\"\(format(y + 14))\">\(html(bar.note))</text>"
        }
        return svg + "</svg>"
    }

    static func format(_ value: Double) -> String { NumberFormat.plain(value, decimals: 1) }
}

/// The book's Pareto curve on the basis the accounts were tiered by (revenue, profit or value):
/// cumulative share of the basis against cumulative share of accounts, largest first, with the
/// tier boundaries marked, so the curve and the tier table tell the same story.
enum ParetoChart {
    static func svg(scenario: Scenario, tiers: [TierAssignment]) -> String {
        let size = 320.0, margin = 40.0
        // Wider on the left: the rotated axis title clears the tick labels ("50%").
        let left = 58.0
        let basisName = scenario.policy.tiering.effectiveBasis.rawValue
        let basis = tiers.map { max(0, $0.basis) }
        let order = scenario.accounts.indices.sorted {
            basis[$0] != basis[$1] ? basis[$0] > basis[$1] : scenario.accounts[$0].id < scenario.accounts[$1].id
        }
        let total = basis.reduce(0, +)
        let n = order.count
        func point(_ x: Double, _ y: Double) -> String {
            "\(BarChart.format(left + x * size)),\(BarChart.format(margin + (1 - y) * size))"
        }
        var svg = "<svg viewBox=\"0 0 \(Int(size + left + margin)) \(Int(size + 2 * margin))\" width=\"\(Int(size + left + margin))\" role=\"img\" aria-label=\"Pareto curve of \(basisName)\"><title>Pareto curve of \(basisName)</title>"
        // Axes and grid.
        for step in 0...4 {
            let t = Double(step) / 4
            svg += "<line x1=\"\(BarChart.format(left))\" y1=\"\(BarChart.format(margin + (1 - t) * size))\" x2=\"\(BarChart.format(left + size))\" y2=\"\(BarChart.format(margin + (1 - t) * size))\" stroke=\"#eef2f6\"/>"
            svg += "<text x=\"\(BarChart.format(left - 6))\" y=\"\(BarChart.format(margin + (1 - t) * size + 4))\" text-anchor=\"end\">\(Int(t * 100))%</text>"
            svg += "<text x=\"\(BarChart.format(left + t * size))\" y=\"\(BarChart.format(margin + size + 16))\" text-anchor=\"middle\">\(Int(t * 100))%</text>"
        }
        svg += "<line x1=\"\(BarChart.format(left))\" y1=\"\(BarChart.format(margin + size))\" x2=\"\(BarChart.format(left + size))\" y2=\"\(BarChart.format(margin))\" stroke=\"#c9d2dc\" stroke-dasharray=\"4 4\"/>"
        guard n > 0, total > 0 else { return svg + "<text x=\"\(Int(left + 10))\" y=\"\(Int(margin + 20))\">no positive \(basisName)</text></svg>" }
        // The curve, sampled to at most 400 points.
        var points = [point(0, 0)]
        var cumulative = 0.0
        let stride = max(1, n / 400)
        // Marks: as many accounts as platinum, platinum + gold, ... hold (the largest ones).
        var marks: [Int: Tier] = [:]
        var count = 0
        for tier in [Tier.platinum, .gold, .iron] {
            count += tiers.filter { $0.tier == tier }.count
            if count > 0 && count < n { marks[count] = tier }
        }
        var boundaries: [(Tier, Double, Double)] = []
        for (position, index) in order.enumerated() {
            cumulative += basis[index]
            let x = Double(position + 1) / Double(n), y = cumulative / total
            if position % stride == 0 || position == n - 1 { points.append(point(x, y)) }
            if let tier = marks[position + 1] { boundaries.append((tier, x, y)) }
        }
        svg += "<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
        for (tier, x, y) in boundaries {
            svg += "<circle cx=\"\(BarChart.format(left + x * size))\" cy=\"\(BarChart.format(margin + (1 - y) * size))\" r=\"4\" fill=\"#b8860b\"/>"
            svg += "<text x=\"\(BarChart.format(left + x * size + 7))\" y=\"\(BarChart.format(margin + (1 - y) * size + 14))\">\(tier.rawValue) \(NumberFormat.percent(x, decimals: 0)) → \(NumberFormat.percent(y, decimals: 0))</text>"
        }
        svg += "<text x=\"\(BarChart.format(left + size / 2))\" y=\"\(BarChart.format(margin + size + 32))\" text-anchor=\"middle\">share of accounts (largest \(basisName) first)</text>"
        svg += "<text transform=\"rotate(-90)\" x=\"\(BarChart.format(-(margin + size / 2)))\" y=\"14\" text-anchor=\"middle\">share of \(basisName)</text>"
        return svg + "</svg>"
    }
}
