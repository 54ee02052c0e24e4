import { describe, expect, it } from 'vitest';
import type { LayerWindow } from '../../../shared/api/runs';
import { convGeometry, convOutput, type ConvProblem } from '../../../shared/teaching/conv';
import { poolGeometry, poolOutput, type PoolProblem } from '../../../shared/teaching/pool';
import { convFromWindow, poolFromWindow, regionAround, windowCut } from '../../../shared/teaching/run-window';
import { sampleVolume } from '../../../shared/teaching/sample';
import type { Padding } from '../../../shared/layers/common/params';

/**
 * A window cut out of a layer and rebuilt as a local problem gives exactly the layer's output over that region,
 * wherever the region sits (corners, edges, middle) and whatever the padding, stride and dilation.
 */
const PADDINGS: readonly Padding[] = ['valid', 'same', 'full', 1, [0, 2, 1, 0]];

function windowFor(
  full: { h: number; w: number; outH: number; outW: number; pads: readonly [number, number, number, number] },
  geometry: {
    kernel: readonly [number, number];
    stride: readonly [number, number];
    dilation: readonly [number, number];
  },
  input: readonly (readonly (readonly number[])[])[],
  oy: number,
  ox: number,
  extra: Pick<LayerWindow, 'kind' | 'filter' | 'bias' | 'padCells' | 'channel' | 'overhang'>,
): LayerWindow {
  const g = {
    inputH: full.h,
    inputW: full.w,
    outH: full.outH,
    outW: full.outW,
    ...geometry,
    pads: full.pads,
  };
  const region = regionAround(g, oy, ox, 3);
  const cut = windowCut(g, region);
  return {
    imageIndex: 0,
    nodeId: 'n',
    layer: 'n',
    name: 'n',
    inputShape: [full.h, full.w, input.length],
    outputShape: [full.outH, full.outW, 1],
    kernel: [geometry.kernel[0], geometry.kernel[1]],
    stride: [geometry.stride[0], geometry.stride[1]],
    dilation: [geometry.dilation[0], geometry.dilation[1]],
    pads: [full.pads[0], full.pads[1], full.pads[2], full.pads[3]],
    activation: 'linear',
    inputChannels: extra.filter === null ? [extra.channel] : input.map((_, c) => c),
    region,
    pixel: { oy, ox },
    patch: {
      y0: cut.y0,
      x0: cut.x0,
      values: input.map((g2) => g2.slice(cut.y0, cut.y1).map((row) => row.slice(cut.x0, cut.x1))),
    },
    output: [],
    ...extra,
  };
}

describe('windowCut and the local problems', () => {
  PADDINGS.forEach((padding, i) => {
    const stride = i % 2 === 0 ? 1 : 2;
    const dilation = i === 4 ? 2 : 1;
    it(`convolution, padding ${JSON.stringify(padding)}, stride ${stride}, dilation ${dilation}`, () => {
      const p: ConvProblem = {
        input: sampleVolume(2, 7, 8, i + 1, -2, 3),
        filters: [sampleVolume(2, 3, 3, i + 11, -1, 2)],
        bias: [1],
        stride,
        padding,
        dilation,
      };
      const g = convGeometry(p);
      const out = convOutput(p, g)[0] ?? [];
      for (const [oy, ox] of [
        [0, 0],
        [g.outH - 1, g.outW - 1],
        [Math.floor(g.outH / 2), 0],
      ] as const) {
        const w = windowFor(
          { h: 7, w: 8, outH: g.outH, outW: g.outW, pads: g.pads },
          { kernel: g.kernel, stride: g.stride, dilation: g.dilation },
          p.input,
          oy,
          ox,
          {
            kind: 'conv2d',
            filter: (p.filters[0] ?? []).map((g2) => g2.map((row) => [...row])),
            bias: 1,
            padCells: 'zeros',
            channel: 0,
          },
        );
        const local = convOutput(convFromWindow(w))[0] ?? [];
        const r = w.region;
        expect(local).toEqual(out.slice(r.oy, r.oy + r.h).map((row) => row.slice(r.ox, r.ox + r.w)));
      }
    });
  });

  (['same', 1, 'valid'] as const).forEach((padding) => {
    it(`max pooling, padding ${JSON.stringify(padding)}`, () => {
      const p: PoolProblem = {
        input: sampleVolume(1, 7, 7, 5, -4, 4),
        mode: 'max',
        size: 3,
        stride: 2,
        padding,
      };
      const g = poolGeometry(p);
      const out = poolOutput(p, g)[0] ?? [];
      const w = windowFor(
        { h: 7, w: 7, outH: g.outH, outW: g.outW, pads: g.pads },
        { kernel: g.size, stride: g.stride, dilation: [1, 1] },
        p.input,
        g.outH - 1,
        g.outW - 1,
        { kind: 'maxpool2d', filter: null, bias: null, padCells: g.padCells, channel: 0 },
      );
      const r = w.region;
      expect(poolOutput(poolFromWindow(w))[0]).toEqual(
        out.slice(r.oy, r.oy + r.h).map((row) => row.slice(r.ox, r.ox + r.w)),
      );
    });
  });

  /**
   * Ceil mode: the window as the host sends it (pads with the overhang, the overhang named apart). With explicit
   * zero padding the cut holds both kinds of padding cells; at every output pixel the local problem must give
   * the layer's value, and with values all below zero some region would differ if the overhang counted as zeros.
   */
  (
    [
      [[1, 0, 1, 0], false, true],
      [1, false, false],
      [1, true, false],
      ['valid', false, true],
    ] as const
  ).forEach(([padding, ignorePadding, sensitive]) => {
    it(`max pooling in ceil mode, padding ${JSON.stringify(padding)}, ignorePadding ${ignorePadding}`, () => {
      const p: PoolProblem = {
        input: sampleVolume(1, 8, 7, 9, -4, -1),
        mode: 'max',
        size: 3,
        stride: 2,
        padding: typeof padding === 'object' ? [...padding] : padding,
        ceilMode: true,
        ignorePadding,
      };
      const g = poolGeometry(p);
      expect(g.overhang[0] + g.overhang[1]).toBeGreaterThan(0);
      const out = poolOutput(p, g)[0] ?? [];
      let differs = 0;
      for (let oy = 0; oy < g.outH; oy += 1)
        for (let ox = 0; ox < g.outW; ox += 1) {
          const w = windowFor(
            { h: 8, w: 7, outH: g.outH, outW: g.outW, pads: g.pads },
            { kernel: g.size, stride: g.stride, dilation: [1, 1] },
            p.input,
            oy,
            ox,
            {
              kind: 'maxpool2d',
              filter: null,
              bias: null,
              padCells: g.padCells,
              channel: 0,
              overhang: [g.overhang[0], g.overhang[1]],
            },
          );
          const r = w.region;
          const local = poolFromWindow(w);
          expect(poolOutput(local)[0]).toEqual(
            out.slice(r.oy, r.oy + r.h).map((row) => row.slice(r.ox, r.ox + r.w)),
          );
          const { overhang: _, ...asZeros } = local;
          if (JSON.stringify(poolOutput(asZeros)) !== JSON.stringify(poolOutput(local))) differs += 1;
        }
      if (sensitive) expect(differs).toBeGreaterThan(0);
    });
  });
});
