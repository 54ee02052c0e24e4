import { useResolvedTheme } from '../app/theme';
import { PALETTES } from '../training/chart/palette';

/** The colour an entry has in every chart of the comparison. */
export function Swatch({ index }: { index: number }) {
  const palette = PALETTES[useResolvedTheme()];
  return (
    <span
      className="swatch"
      aria-hidden="true"
      style={{ background: palette.series[index % palette.series.length] }}
    />
  );
}
