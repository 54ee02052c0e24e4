import { describe, expect, it } from 'vitest';
import { findLibrary, parseLdconfig, searchLocations } from '../../../../main/training/doctor/libraries';
import { probeNvidiaSmi, versionLess } from '../../../../main/training/doctor/nvidia';
import { NVIDIA_SMI_H100, stagedMachine } from './staged-machine';

const cudart = { name: 'libcudart.so.11.0', purpose: 'CUDA 11.2 runtime', fix: 'install CUDA 11.2' };
const cudnn = { name: 'libcudnn.so.8', purpose: 'cuDNN 8.1', fix: 'install cuDNN 8.1' };

describe('library lookup', () => {
  it('parses ldconfig -p', () => {
    const cache = parseLdconfig(
      '3 libs found in cache\n\tlibcudnn.so.9 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcudnn.so.9\n' +
        '\tlibcudart.so.12 (libc6,x86-64) => /usr/local/cuda-12.4/lib64/libcudart.so.12\n' +
        '\tlibcudart.so.12 (libc6) => /usr/lib32/libcudart.so.12\n',
    );
    expect(cache.get('libcudnn.so.9')).toEqual(['/usr/lib/x86_64-linux-gnu/libcudnn.so.9']);
    expect(cache.get('libcudart.so.12')).toHaveLength(2);
  });

  it('searches LD_LIBRARY_PATH, CUDA_PATH, every /usr/local/cuda*, the system folders, then packages, in that order', () => {
    const machine = stagedMachine({
      env: { LD_LIBRARY_PATH: '/opt/a:/opt/b', CUDA_PATH: '/opt/cuda' },
      dirs: { '/usr/local': ['cuda', 'cuda-11.2', 'cuda-12.4', 'bin'], '/opt/a': [] },
    });
    const locations = searchLocations(machine, ['/pkg/deps/lib']);
    expect(locations.map((l) => l.via)).toEqual([
      'LD_LIBRARY_PATH',
      'LD_LIBRARY_PATH',
      'CUDA_PATH',
      'CUDA_PATH',
      ...Array(6).fill('/usr/local/cuda*'),
      ...Array(5).fill('system'),
      'package',
    ]);
    expect(locations.map((l) => l.dir)).toContain('/usr/local/cuda-11.2/targets/x86_64-linux/lib');
    expect(locations.find((l) => l.dir === '/opt/a')?.exists).toBe(true);
    expect(locations.find((l) => l.dir === '/opt/b')?.exists).toBe(false);
  });

  it('finds a library in LD_LIBRARY_PATH when ldconfig does not know it', () => {
    const machine = stagedMachine({
      env: { LD_LIBRARY_PATH: '/opt/cuda11/lib64' },
      dirs: { '/opt/cuda11/lib64': ['libcudart.so.11.0'] },
      ldconfig: [],
    });
    const finding = findLibrary(
      cudart,
      machine,
      searchLocations(machine),
      parseLdconfig(machine.ldconfig() ?? ''),
    );
    expect(finding).toMatchObject({
      found: true,
      path: '/opt/cuda11/lib64/libcudart.so.11.0',
      via: 'LD_LIBRARY_PATH',
      fix: null,
    });
  });

  it('prefers the ldconfig cache and reports it', () => {
    const machine = stagedMachine({ ldconfig: ['/usr/lib/x86_64-linux-gnu/libcudnn.so.8'] });
    const finding = findLibrary(
      cudnn,
      machine,
      searchLocations(machine),
      parseLdconfig(machine.ldconfig() ?? ''),
    );
    expect(finding).toMatchObject({
      found: true,
      via: 'ldconfig',
      path: '/usr/lib/x86_64-linux-gnu/libcudnn.so.8',
    });
  });

  it('CUDA 12 and cuDNN 9 present but 11.2 / 8 needed: the classic mismatch is named in the fix', () => {
    const machine = stagedMachine({
      dirs: {
        '/usr/local': ['cuda-12.4'],
        '/usr/local/cuda-12.4/lib64': ['libcudart.so', 'libcudart.so.12', 'libcudart.so.12.4.99'],
      },
      ldconfig: ['/usr/lib/x86_64-linux-gnu/libcudnn.so.9'],
    });
    const locations = searchLocations(machine);
    const cache = parseLdconfig(machine.ldconfig() ?? '');
    const rt = findLibrary(cudart, machine, locations, cache);
    expect(rt.found).toBe(false);
    expect(rt.otherVersions.map((o) => o.name)).toEqual(['libcudart.so.12', 'libcudart.so.12.4.99']);
    expect(rt.fix).toBe(
      'found libcudart.so.12, libcudart.so.12.4.99 but libcudart.so.11.0 is needed: install CUDA 11.2',
    );
    const dnn = findLibrary(cudnn, machine, locations, cache);
    expect(dnn).toMatchObject({
      found: false,
      otherVersions: [{ name: 'libcudnn.so.9', path: '/usr/lib/x86_64-linux-gnu/libcudnn.so.9' }],
    });
    expect(dnn.fix).toMatch(/^found libcudnn\.so\.9 but libcudnn\.so\.8 is needed: install cuDNN 8\.1$/);
  });

  it('nothing anywhere: not found, with the plain fix', () => {
    const machine = stagedMachine({});
    const finding = findLibrary(cudart, machine, searchLocations(machine), new Map());
    expect(finding).toEqual({
      name: 'libcudart.so.11.0',
      purpose: 'CUDA 11.2 runtime',
      found: false,
      path: null,
      via: null,
      otherVersions: [],
      fix: 'install CUDA 11.2',
    });
  });
});

describe('nvidia-smi', () => {
  it('reads driver, CUDA version and GPUs with compute capability', () => {
    const machine = stagedMachine({
      commands: {
        'nvidia-smi': NVIDIA_SMI_H100,
        'nvidia-smi --query-gpu=name,memory.total,compute_cap --format=csv,noheader,nounits':
          'NVIDIA H100 80GB HBM3, 81559, 9.0\n',
      },
    });
    expect(probeNvidiaSmi(machine)).toEqual({
      found: true,
      driverVersion: '550.54.15',
      cudaVersion: '12.4',
      gpus: [{ name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559, computeCapability: '9.0' }],
      error: null,
    });
  });

  it('falls back to the query without compute_cap on old drivers', () => {
    const machine = stagedMachine({
      commands: {
        'nvidia-smi': NVIDIA_SMI_H100.replace('550.54.15', '418.87.01'),
        'nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits': 'Tesla T4, 15109\n',
      },
    });
    expect(probeNvidiaSmi(machine).gpus).toEqual([
      { name: 'Tesla T4', memoryMiB: 15109, computeCapability: null },
    ]);
  });

  it('no driver: not found with the reason', () => {
    expect(probeNvidiaSmi(stagedMachine({}))).toMatchObject({
      found: false,
      error: 'nvidia-smi not found',
      gpus: [],
    });
  });

  it('compares driver versions numerically', () => {
    expect(versionLess('418.87.01', '450.80.02')).toBe(true);
    expect(versionLess('550.54.15', '450.80.02')).toBe(false);
    expect(versionLess('450.80.02', '450.80.02')).toBe(false);
  });
});
