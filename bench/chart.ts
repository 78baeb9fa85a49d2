/** The latency distributions of both systems as one SVG: cumulative share of messages delivered within x ms (log x). */

export interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  samples: number[];
}

const WIDTH = 760;
const HEIGHT = 420;
const PAD = { left: 60, right: 20, top: 40, bottom: 90 };
const TICKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function latencyChart(title: string, series: Series[]): string {
  const all = series.flatMap((s) => s.samples).filter((v) => v > 0);
  // from the tick just below the fastest sample: the axis shows where the samples are
  const lo = [...TICKS].reverse().find((t) => t <= Math.min(...all, 10_000)) ?? 1;
  const hi = Math.max(...all, 10) * 1.2;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (ms: number) => PAD.left + ((Math.log10(Math.max(ms, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotW;
  const y = (share: number) => PAD.top + (1 - share) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
  ];
  for (const share of [0, 0.25, 0.5, 0.75, 0.95, 1]) {
    out.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(share).toFixed(1)}" y2="${y(share).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${PAD.left - 6}" y="${(y(share) + 4).toFixed(1)}" text-anchor="end">${Math.round(share * 100)}%</text>`);
  }
  for (const tick of TICKS.filter((t) => t >= lo && t <= hi)) {
    out.push(`<line x1="${x(tick).toFixed(1)}" x2="${x(tick).toFixed(1)}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#eee"/>`);
    out.push(`<text x="${x(tick).toFixed(1)}" y="${PAD.top + plotH + 16}" text-anchor="middle">${tick}</text>`);
  }
  out.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${PAD.left + plotW / 2}" y="${PAD.top + plotH + 34}" text-anchor="middle">send → receive latency, ms (log scale)</text>`);
  out.push(`<text transform="translate(16 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">messages delivered within</text>`);
  series.forEach((s, i) => {
    const sorted = [...s.samples].sort((a, b) => a - b);
    const points = sorted.map((v, k) => `${x(v).toFixed(1)},${y((k + 1) / sorted.length).toFixed(1)}`);
    if (points.length) points.unshift(`${x(sorted[0] as number).toFixed(1)},${y(0).toFixed(1)}`);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${points.join(' ')}"/>`);
    const lx = PAD.left + (i % 2) * 340;
    const ly = HEIGHT - 30 + Math.floor(i / 2) * 18;
    out.push(`<line x1="${lx}" x2="${lx + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${lx + 34}" y="${ly}">${escapeXml(`${s.label} (n=${sorted.length})`)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
