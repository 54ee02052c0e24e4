/** Identifier rules of the two languages the exporters write, and a claim-once allocator. */

export const TS_RESERVED: ReadonlySet<string> = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if import in instanceof new null return super switch this throw true try typeof var void ' +
    'while with as implements interface let package private protected public static yield any boolean ' +
    'constructor declare get module require number set string symbol type from of await async undefined NaN ' +
    'Infinity arguments eval globalThis'
  ).split(' '),
);

/** Python keywords, builtins a model file might shadow, and every attribute of nn.Module a layer could hide. */
export const PY_RESERVED: ReadonlySet<string> = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield match case ' +
    'self super print input len range list dict tuple int float str type object id min max sum abs ' +
    'torch nn F math argparse os Model ' +
    'forward training eval train to cuda cpu half float double apply modules children parameters buffers ' +
    'named_modules named_children named_parameters named_buffers state_dict load_state_dict add_module ' +
    'register_buffer register_parameter register_module zero_grad requires_grad_ extra_repr get_submodule ' +
    'get_parameter get_buffer type share_memory bfloat16 xpu ipu dump_patches call_super_init'
  ).split(' '),
);

/**
 * `conv2d_3` → `conv2d_3`, `b2/conv` → `b2Conv`, `max_pooling2d_4` → `maxPooling2d_4`: an underscore before
 * a letter becomes camel case, one before a digit stays (so `layer1_0` does not read as `layer10`).
 */
export function camelName(name: string): string {
  const joined = name
    .replace(/[^A-Za-z0-9_]/g, '_')
    .replace(/_+([A-Za-z])/g, (_m, c: string) => c.toUpperCase());
  const trimmed = joined.replace(/^_+|_+$/g, '');
  return /^[A-Za-z]/.test(trimmed) ? trimmed : `l${trimmed}`;
}

/** `b2/conv` → `b2_conv`; always a valid Python identifier starting with a letter. */
export function snakeName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(s) ? s : `l_${s}`;
}

export class NameAllocator {
  private readonly taken: Set<string>;
  constructor(reserved: Iterable<string> = []) {
    this.taken = new Set(reserved);
  }
  claim(base: string): string {
    let name = base;
    for (let i = 2; this.taken.has(name); i += 1) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }
  has(name: string): boolean {
    return this.taken.has(name);
  }
  names(): ReadonlySet<string> {
    return this.taken;
  }
}

/** A name tfjs and Keras accept for a model (main/training/model/build.ts uses the same rule). */
export const modelName = (name: string) =>
  name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([^A-Za-z])/, 'm_$1') || 'model';

/** `LeNet-5` → `lenet_5`: a file name that is also a valid Python module name. */
export function fileStem(name: string): string {
  const stem = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(stem) ? stem.slice(0, 80) : `model_${stem}`.slice(0, 80).replace(/_+$/, '');
}
