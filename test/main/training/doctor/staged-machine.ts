import type { ProbeEnvironment } from '../../../../main/training/doctor/probe-environment';

/** A machine made of a folder map, an ldconfig cache and canned command output. */
export function stagedMachine(options: {
  dirs?: Record<string, string[]>;
  ldconfig?: string[];
  env?: Record<string, string>;
  commands?: Record<string, string | Error>;
}): ProbeEnvironment {
  const dirs = options.dirs ?? {};
  return {
    env: options.env ?? {},
    platform: 'linux',
    arch: 'x64',
    ldconfig: () =>
      options.ldconfig === undefined
        ? null
        : `${options.ldconfig.length} libs found in cache \`/etc/ld.so.cache'\n` +
          options.ldconfig.map((p) => `\t${p.split('/').pop() ?? ''} (libc6,x86-64) => ${p}`).join('\n'),
    listDir: (dir) => dirs[dir] ?? null,
    run: (command, args) =>
      options.commands?.[[command, ...args].join(' ')] ?? new Error(`${command} not found`),
  };
}

export const NVIDIA_SMI_H100 = `+-----------------------------------------------------------------------------------------+
| NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |
|-----------------------------------------+------------------------+----------------------+
|   0  NVIDIA H100 80GB HBM3          On  |   00000000:18:00.0 Off |                    0 |
+-----------------------------------------+------------------------+----------------------+`;
