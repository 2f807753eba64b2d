/// `kam compare --format html`: the comparison as a self-contained page; changed cells are
/// coloured green when better and red when worse than the first scenario.
struct HTMLComparison {
    let comparison: PlanComparison

    init(_ comparison: PlanComparison) { self.comparison = comparison }

    func rendered() -> String {
        let labels = comparison.labels
        var page = HTMLPage(title: "Comparison: " + labels.joined(separator: " vs "))
        page.raw("<style>td.better { background: #e6f4ea; } td.worse { background: #fdecea; } td.changed { background: #fff7e0; }</style>")
        page.raw("<header><h1>What-if comparison</h1><p class=\"sub\">Against \(html(labels[0])); green is better, red is worse.</p></header>")
        page.section("figures", "Plan")
        var table = "<table><thead><tr><th></th>" + labels.map { "<th class=\"n\">\(html($0))</th>" }.joined() + "</tr></thead><tbody>"
        for metric in comparison.metrics {
            table += "<tr><td>\(html(metric.name))</td>"
            for i in metric.values.indices {
                let cell = PlanComparison.cell(metric, i)
                var style = ""
                if cell.changed, let value = metric.values[i], let base = metric.values[0], let higher = metric.higherIsBetter {
                    style = (value > base) == higher ? " better" : " worse"
                } else if cell.changed {
                    style = " changed"
                }
                table += "<td class=\"n\(style)\">\(html(cell.text))</td>"
            }
            table += "</tr>"
        }
        page.raw(table + "</tbody></table>")
        page.endSection()

        page.section("experts", "Experts: utilization · shadow price")
        var experts = "<table><thead><tr><th>expert</th>" + labels.map { "<th class=\"n\">\(html($0))</th>" }.joined() + "</tr></thead><tbody>"
        for id in comparison.expertIDs {
            experts += "<tr><td>\(html(comparison.expertName(id)))<div class=\"muted\">\(html(id))</div></td>"
            for (text, changed) in comparison.expertCells(id) {
                experts += "<td class=\"n\(changed ? " changed" : "")\">\(html(text))</td>"
            }
            experts += "</tr>"
        }
        page.raw(experts + "</tbody></table>")
        page.endSection()

        page.section("teams", "Team changes")
        for index in comparison.plans.indices.dropFirst() {
            let changes = comparison.teamChanges(index)
            page.raw("<h3>\(html(labels[index]))</h3>")
            page.raw(changes.isEmpty ? "<p>No team changes.</p>" : "<ul>" + changes.map { "<li>\(html($0.description))</li>" }.joined() + "</ul>")
        }
        page.endSection()
        return page.rendered()
    }
}
