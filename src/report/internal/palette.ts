/**
 * The charts' colours, as CSS classes: a colour-blind-safe palette (Okabe and Ito's, less its
 * yellow and black) with lighter tones for dark backgrounds; text and axes in `currentColor`.
 * Internal.
 *
 * @module
 */

const LIGHT = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#8C564B', '#6E6E6E'];
const DARK = ['#56B4E9', '#FF8C42', '#2ED4A0', '#E3A6CB', '#F5C04A', '#9AD0F5', '#C49C94', '#BDBDBD'];

/** How many distinct series colours there are (series beyond reuse them, with other dashes). */
export const SERIES_COLOURS = LIGHT.length;

/** The class of series `i`'s colour: `fill` and `stroke` both. */
export function seriesClass(i: number): string {
  return `sb-c${((i % SERIES_COLOURS) + SERIES_COLOURS) % SERIES_COLOURS}`;
}

/**
 * The charts' style sheet. Page colours come from `--sb-fg` (and `--sb-bg`) when the page sets
 * them (the HTML report does), else from the SVG's own light and dark defaults.
 */
export function chartStyle(): string {
  const series = (colours: string[]) => colours.map((c, i) => `.sb-chart .sb-c${i}{fill:${c};stroke:${c}}`).join('');
  return [
    '.sb-chart{color:var(--sb-fg,#1f2328);font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:12px}',
    '.sb-chart text{fill:currentColor;stroke:none}',
    '.sb-chart text[class]{stroke:none}',
    '.sb-chart .sb-title{font-size:15px;font-weight:600}',
    '.sb-chart .sb-axis{stroke:currentColor;fill:none}',
    '.sb-chart .sb-grid{stroke:currentColor;stroke-opacity:.14;fill:none}',
    '.sb-chart .sb-muted{fill-opacity:.72}',
    '.sb-chart path.sb-line,.sb-chart line.sb-line{fill:none;stroke-width:2}',
    '.sb-chart .sb-front{fill:none;stroke:currentColor;stroke-width:1.5;stroke-dasharray:5 3}',
    '.sb-chart circle.sb-hollow{fill:none;stroke-width:2}',
    '.sb-chart .sb-derived{fill-opacity:.45}',
    '.sb-chart .sb-errorbar{stroke:currentColor;stroke-width:1.5;fill:none}',
    series(LIGHT),
    `@media (prefers-color-scheme:dark){.sb-chart{color:var(--sb-fg,#e6edf3)}${series(DARK)}}`,
  ].join('\n');
}

/** The dash pattern of repeat `r` (1-based): solid, dashed, dotted, dash-dot. */
export function dashOf(repeat: number): string | undefined {
  const patterns = [undefined, '7 4', '2 3', '8 3 2 3'];
  return patterns[(((repeat - 1) % patterns.length) + patterns.length) % patterns.length];
}
