import { useEffect, useRef } from 'react';
import type { Rgba } from './pixels';

/** Draws RGBA pixels at their own size, enlarged by CSS without smoothing (each weight stays a crisp square). */
export function PixelCanvas({ image, scale, label }: { image: Rgba; scale: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d') ?? null;
    if (ctx === null || image.width === 0 || image.height === 0) return;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  }, [image]);
  return (
    <canvas
      ref={ref}
      className="pixel-canvas"
      width={image.width}
      height={image.height}
      style={{ width: image.width * scale, height: image.height * scale }}
      role="img"
      aria-label={label}
    />
  );
}
