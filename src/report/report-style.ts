/**
 * The report's only stylesheet, inlined. Colours are variables so dark mode and print only swap
 * them; charts draw in `currentColor` and follow.
 */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --bg: #ffffff; --panel: #f5f7fa; --line: #d9dee7; --accent: #2f5f98; --bad: #b3261e; --good: #1f6f3f; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e9ef; --muted: #a3abba; --bg: #14171c; --panel: #1d2128; --line: #343a45; --accent: #8ab4f8; --bad: #f28b82; --good: #81c995; }
}
@media print {
  :root { --fg: #000; --muted: #333; --bg: #fff; --panel: #fff; --line: #999; --accent: #000; }
  section { break-inside: avoid-page; }
  nav { display: none; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
header h1 { font-size: 26px; margin: 0 0 4px; }
header p { margin: 2px 0; color: var(--muted); }
nav { margin: 16px 0 8px; display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; }
section { margin-top: 36px; }
h2 { font-size: 20px; margin: 0 0 4px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 4px; }
.lead { color: var(--muted); margin: 4px 0 12px; max-width: 80ch; }
figure { margin: 12px 0; overflow-x: auto; color: var(--fg); }
figure svg { display: block; max-width: none; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: right; white-space: nowrap; }
th { background: var(--panel); font-weight: 600; white-space: normal; vertical-align: bottom; font-size: 13px; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.judge { font-weight: 600; }
.ci { color: var(--muted); font-size: 12px; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 10px; margin: 12px 0; }
.fact { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.fact b { display: block; font-size: 22px; }
.fact span { color: var(--muted); font-size: 13px; }
.note { background: var(--panel); border-left: 4px solid var(--accent); padding: 8px 12px; margin: 12px 0; font-size: 14px; }
.warn { color: var(--bad); }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
footer { margin-top: 48px; color: var(--muted); font-size: 13px; }
code { font-size: 13px; }
`;
