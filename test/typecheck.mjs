// Type-checks each layer with its own view of the world: shared/ sees neither Node nor DOM types, main/ sees
// Node, renderer/ sees the DOM. A wrong import that lint misses fails here.
import { spawnSync } from 'node:child_process';

const projects = [
  'tsconfig.shared.json',
  'tsconfig.main.json',
  'tsconfig.renderer.json',
  'tsconfig.test.json',
];
let failed = 0;
for (const project of projects) {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project, '--pretty'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed += 1;
    console.error(`typecheck: ${project} has errors`);
  }
}
process.exit(failed === 0 ? 0 : 1);
