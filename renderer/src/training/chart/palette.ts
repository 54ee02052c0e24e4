/**
 * Chart colours per theme. uPlot draws on a canvas, which cannot read CSS variables, and the theme attribute
 * changes after React renders; a palette keyed by the resolved theme keeps charts in step with the UI.
 */
export interface ChartPalette {
  readonly background: string;
  readonly text: string;
  readonly axis: string;
  readonly grid: string;
  /** Distinguishable on both themes (Okabe–Ito based), used in order for runs and series. */
  readonly series: readonly string[];
}

export const PALETTES: Readonly<Record<'light' | 'dark', ChartPalette>> = {
  light: {
    background: '#ffffff',
    text: '#1c2330',
    axis: '#5d6778',
    grid: 'rgba(28, 35, 48, 0.08)',
    series: ['#2f6fed', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#7a4fd1', '#222222'],
  },
  dark: {
    background: '#1b1f27',
    text: '#e3e7ee',
    axis: '#a1aab8',
    grid: 'rgba(227, 231, 238, 0.08)',
    series: ['#6f9bff', '#ff8f4d', '#3fd39f', '#f09ad0', '#ffc24d', '#7fcdf5', '#b391ff', '#e3e7ee'],
  },
};

/** `#2f6fed` at alpha 0.3 → `rgba(47, 111, 237, 0.3)`. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (m === null) return hex;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h ?? '0', 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
