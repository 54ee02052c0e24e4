import { describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../../shared/graph/schema';
import { toPyTorch } from '../../../shared/codegen/pytorch';
import { toTypeScript } from '../../../shared/codegen/typescript';
import { blockNameClash, sharedBlocks, twoHeads, userBlock } from './corpus';

/**
 * User blocks (`group` nodes naming a library definition) print one helper per definition, shared by its
 * uses. That the printed code builds and computes the right model is shown by the export oracles
 * (test/shared/codegen: tsc + execution, PyTorch counts/shapes/numerics), which include these documents.
 */
function ts(doc: GraphDoc): string {
  const r = toTypeScript(doc, { training: false });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function py(doc: GraphDoc): string {
  const r = toPyTorch(doc, { training: false });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const count = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].length;

describe('TypeScript export of user blocks', () => {
  const code = ts(sharedBlocks());

  it('prints one function per definition, taking the input and a layer-name prefix', () => {
    const helpers = [...code.matchAll(/^function (\w+)\(x: tf\.SymbolicTensor, prefix: string\)/gm)];
    expect(helpers.map((m) => m[1])).toEqual(['convBnPool', 'res', 'res_2', 'mix', 'vec']);
    expect(code).toContain("let x = convBnPool(input, 'g1');");
    expect(code).toContain("x = convBnPool(x, 'g2');");
    expect(code).toContain("x = mix(x, 'm1');");
    expect(code).toContain("x = mix(x, 'm2');");
    expect(code).toContain("x = vec(x, 'v1');");
    // A use inside another definition names its layers under the outer use's prefix.
    expect(code).toContain('return convBnPool(x, `${prefix}_inner`);');
    expect(code).toContain("name: `${prefix}_conv`, filters: 4, kernelSize: 3, padding: 'same'");
  });

  it('gives a definition a second helper only where its layers differ (a Residual shortcut)', () => {
    expect(code).toContain("x = res(x, 'r1');");
    expect(code).toContain("x = res_2(x, 'r2');");
    expect(count(code, /so it has 2 helpers/g)).toBe(2);
    // Both helpers exist, in this order, so the slices below are the helpers' bodies and never empty.
    const at = (text: string): number => {
      const i = code.indexOf(text);
      expect(i, text).toBeGreaterThanOrEqual(0);
      return i;
    };
    const [res, res2, mix] = [at('function res('), at('function res_2('), at('function mix(')];
    expect(res).toBeLessThan(res2);
    expect(res2).toBeLessThan(mix);
    const second = code.slice(res2, mix);
    expect(second).toContain('name: `${prefix}_block_proj_conv`');
    const first = code.slice(res, res2);
    expect(first).toContain('name: `${prefix}_block_conv1`');
    expect(first).not.toContain('_proj_');
  });

  it('lists the uses with their shapes, and leaves shapes out of comments shared by several inputs', () => {
    expect(code).toContain(
      ' * Used by g1 (16×16×3 → 8×8×4), g2 (8×8×8 → 4×4×4), m1/inner (4×4×8 → 2×2×4), m2/inner (2×2×8 → 1×1×4).',
    );
    expect(code).toContain('  // conv: Conv 4@3×3 /1 same relu\n');
    // One use only: the comments keep their shapes.
    expect(code).toMatch(
      / \* Used by r1 \(4×4×4 → 4×4×4\)\.[^]*?\/\/ block\/conv1: Conv 4@3×3 \/1 p1 → 4×4×4/,
    );
  });

  it('keeps helpers per use for Inception/Residual nodes, and is deterministic', () => {
    expect(ts(sharedBlocks())).toBe(code);
    const single = ts(userBlock());
    expect(count(single, /^function \w+\(x: tf\.SymbolicTensor, prefix: string\)/gm)).toBe(1);
  });

  it('writes a use in place when the topology had to rename one of its layers', () => {
    const clash = ts(blockNameClash());
    expect(clash).not.toContain('prefix');
    expect(clash).toContain("name: 'g_conv_2'");
  });
});

describe('PyTorch export of user blocks', () => {
  const code = py(sharedBlocks());

  it('prints one nn.Module class per definition, built with each use’s input channels', () => {
    expect(count(code, /^class ConvBnPool\(nn\.Module\):$/gm)).toBe(1);
    expect(code).toContain('    def __init__(self, in_channels):');
    expect(code).toContain('        self.conv = nn.Conv2d(in_channels, 4, kernel_size=3, padding=1)');
    expect(code).toContain('        self.g1 = ConvBnPool(3)');
    expect(code).toContain('        self.g2 = ConvBnPool(8)');
    // Channels that follow the input: concatenation adds, a nested block is built from them.
    expect(code).toContain('        self.bn = nn.BatchNorm2d(in_channels + 4, eps=0.001, momentum=0.01)');
    expect(code).toContain('        self.inner = ConvBnPool(in_channels + 4)');
    expect(code).toContain('        self.m1 = Mix(4)');
    expect(code).toContain('        self.fc = nn.Linear(in_features, 8)');
    expect(code).toContain('        self.v2 = Vec(8)');
  });

  it('maps each use’s Keras layer names to module paths for load_keras_weights', () => {
    expect(code).toContain('    "g2_bn": ("g2.bn", "batchnorm"),');
    expect(code).toContain('    "m2_inner_conv": ("m2.inner.conv", "conv"),');
    expect(code).toContain('    "r2_block_proj_conv": ("r2.block_proj_conv", "conv"),');
  });

  it('falls back to one class per distinct input when the modules depend on more, and says so', () => {
    expect(code).toContain('        self.r1 = Res(4)');
    expect(code).toContain('        self.r2 = Res_2(6)');
    expect(count(code, /so it has 2 classes: one per distinct input/g)).toBe(2);
    // A Linear after a Flatten depends on H·W: two inputs, two classes (one helper in TypeScript).
    const heads = py(twoHeads());
    expect(heads).toContain('        self.h1 = Head(1)');
    expect(heads).toContain('        self.h2 = Head_2(2)');
    expect(heads).toContain('        self.fc = nn.Linear(64, 4)');
    expect(heads).toContain('        self.fc = nn.Linear(72, 4)');
    expect(count(ts(twoHeads()), /^function head\w*\(/gm)).toBe(1);
  });
});
