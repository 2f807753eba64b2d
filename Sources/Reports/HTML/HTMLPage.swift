/// A self-contained HTML page: inline stylesheet (screen and print), no network. An interactive
/// page adds a few lines of inline script that make `table.data` sortable and filterable; the page
/// reads the same without it.
struct HTMLPage {
    let title: String
    let interactive: Bool
    private var body = ""

    init(title: String, interactive: Bool = false) {
        self.title = title
        self.interactive = interactive
    }

    mutating func raw(_ text: String) { body += text + "\n" }

    mutating func section(_ id: String, _ heading: String) {
        body += "<section id=\"\(id)\"><h2>\(html(heading))</h2>\n"
    }

    mutating func endSection() { body += "</section>\n" }

    mutating func card(_ label: String, _ value: String, _ note: String, alert: Bool = false) {
        body += "<div class=\"card\(alert ? " alert" : "")\"><div class=\"label\">\(html(label))</div><div class=\"value\">\(html(value))</div><div class=\"note\">\(html(note))</div></div>\n"
    }

    func rendered() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(html(title))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        \(body)\(interactive ? "<script>\(Self.script)</script>\n" : "")</body>
        </html>

        """
    }

    /// Sort a `table.data` by a click on a heading (numbers as numbers, `data-sort` where given), and
    /// filter its rows as one types in the box placed above it.
    static let script = """
        document.querySelectorAll("table.data").forEach(function (table) {
          var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
          if (rows.length < 2) return;
          if (rows.length >= 10) {
          var filter = document.createElement("input");
          filter.type = "search"; filter.className = "filter";
          filter.placeholder = "Filter " + rows.length + " rows"; filter.setAttribute("aria-label", "Filter the table");
          filter.addEventListener("input", function () {
            var q = filter.value.toLowerCase();
            rows.forEach(function (r) { r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0; });
          });
          table.parentNode.insertBefore(filter, table);
          }
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
            th.className += " sortable"; th.title = "Sort by " + th.textContent;
            th.addEventListener("click", function () {
              var up = th.getAttribute("aria-sort") !== "ascending";
              Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
              th.setAttribute("aria-sort", up ? "ascending" : "descending");
              var key = function (r) {
                var c = r.cells[i], v = c.getAttribute("data-sort") || c.textContent.trim(), n = parseFloat(v.replace(/,/g, ""));
                return /^-?[0-9.,]+/.test(v) && !isNaN(n) ? n : v.toLowerCase();
              };
              rows.sort(function (a, b) {
                var x = key(a), y = key(b);
                if (typeof x !== typeof y) { x = typeof x; y = typeof y; }
                return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1);
              });
              rows.forEach(function (r) { body.appendChild(r); });
            });
          });
        });
        """

    static let style = """
        :root { --ink: #1d2733; --muted: #6b7785; --line: #dde3ea; --bg: #f6f8fa; --accent: #1f6feb;
          --platinum: #5b6b7f; --gold: #b8860b; --iron: #7a8a99; --lead: #a9b4bf; --alert: #c2410c; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC", sans-serif;
          color: var(--ink); margin: 0 auto; max-width: 1180px; padding: 24px 28px 40px; background: #fff; }
        header h1 { margin: 0 0 2px; font-size: 26px; }
        .sub, .muted { color: var(--muted); }
        .muted { font-size: 12px; }
        section { margin-top: 28px; }
        h2 { font-size: 18px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 8px 0; }
        table { border-collapse: collapse; width: 100%; margin: 10px 0; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--bg); font-weight: 600; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding: 6px 0; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 10px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--bg); }
        .card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        .card .value { font-size: 24px; font-weight: 650; margin: 2px 0; }
        .card .note { color: var(--muted); font-size: 12px; }
        .card.alert .value { color: var(--alert); }
        .tier { display: inline-block; padding: 0 7px; border-radius: 10px; color: #fff; font-size: 12px; }
        .tier.platinum { background: var(--platinum); } .tier.gold { background: var(--gold); }
        .tier.iron { background: var(--iron); } .tier.lead { background: var(--lead); }
        .two { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
        svg { max-width: 100%; height: auto; }
        svg text { font: 12px -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif; fill: var(--ink); }
        table.week td { width: 20%; }
        table.week td.away { color: var(--muted); background: var(--bg); }
        .visit { border-left: 3px solid var(--lead); padding: 2px 6px; margin: 2px 0 6px; }
        .visit.platinum { border-color: var(--platinum); } .visit.gold { border-color: var(--gold); } .visit.iron { border-color: var(--iron); }
        .visit.call { border-left-style: dotted; }
        .bar { display: inline-block; width: 90px; height: 8px; background: var(--bg); border: 1px solid var(--line); vertical-align: middle; }
        .bar span { display: block; height: 100%; background: var(--accent); }
        tr.now td { background: #fff7e0; }
        ul.review li { margin: 2px 0; }
        .missed { color: var(--alert); margin-top: -4px; }
        footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
        nav.toc { margin: 14px 0 0; padding: 8px 12px; background: var(--bg); border-radius: 8px; font-size: 13px; }
        nav.toc a { color: var(--accent); text-decoration: none; }
        input.filter { margin: 6px 0 0; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; font: inherit; width: 260px; }
        th.sortable { cursor: pointer; user-select: none; }
        th[aria-sort="ascending"]::after { content: " ▲"; font-size: 10px; } th[aria-sort="descending"]::after { content: " ▼"; font-size: 10px; }
        .request-note { color: #5a4a00; background: #fff7e0; padding: 2px 6px; border-radius: 4px; margin-top: 4px; }
        table.data td:first-child { white-space: nowrap; }
        @media (max-width: 800px) { .two { grid-template-columns: 1fr; } }
        @media print {
          body { max-width: none; padding: 0; font-size: 11px; }
          section { break-inside: auto; } h2 { break-after: avoid; }
          tr, .card, svg, table.week, .two > div { break-inside: avoid; } h3 { break-after: avoid; }
          .card { background: none; } th { background: none; }
          a { color: inherit; text-decoration: none; } input.filter, nav.toc { display: none; }
        }
        """
}
