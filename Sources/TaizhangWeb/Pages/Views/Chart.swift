import Foundation

/// Charts drawn on the server as SVG: readable without scripts and in print, with the numbers
/// also in text (a table beside each chart) for screen readers.
enum Chart {
    struct Bar: Sendable {
        let label: String
        let value: Int
        /// A CSS class for its colour (state-…, overdue).
        let tone: String
    }

    /// Horizontal bars, one per row. A picture (`role="img"`, so no links inside it): the numbers
    /// beside it are the links.
    static func bars(_ bars: [Bar], title: String) -> HTML {
        let rowHeight = 28
        let labelWidth = 150
        let barWidth = 360
        let width = labelWidth + barWidth + 70
        let height = max(rowHeight, bars.count * rowHeight) + 4
        let top = max(1, bars.map(\.value).max() ?? 1)
        let rows = bars.enumerated().map { index, bar -> HTML in
            let y = index * rowHeight + 2
            let w = bar.value == 0 ? 0 : max(2, bar.value * barWidth / top)
            return """
                <g class="bar \(bar.tone)">
                <text x="\(labelWidth - 8)" y="\(y + 18)" text-anchor="end">\(bar.label)</text>
                <rect x="\(labelWidth)" y="\(y + 4)" width="\(w)" height="\(rowHeight - 10)" rx="2"></rect>
                <text x="\(labelWidth + w + 6)" y="\(y + 18)" class="value">\(bar.value)</text>
                </g>
                """
        }
        return """
            <svg class="chart" role="img" aria-label="\(title)" viewBox="0 0 \(width) \(height)" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>\(title)</title>\(rows)</svg>
            """
    }

    /// A ring showing a share (the closure rate), with the percentage in the middle.
    static func ring(part: Int, whole: Int, label: String, text: String) -> HTML {
        let share = whole > 0 ? Double(part) / Double(whole) : 0
        let radius = 40.0
        let circumference = 2 * Double.pi * radius
        let dash = String(format: "%.1f %.1f", share * circumference, circumference)
        return """
            <svg class="ring" role="img" aria-label="\(label)：\(text)" viewBox="0 0 100 100" width="120" height="120" xmlns="http://www.w3.org/2000/svg"><title>\(label)</title>
            <circle cx="50" cy="50" r="40" class="track"></circle>
            <circle cx="50" cy="50" r="40" class="fill" stroke-dasharray="\(dash)" transform="rotate(-90 50 50)"></circle>
            <text x="50" y="55" text-anchor="middle">\(text)</text></svg>
            """
    }
}
