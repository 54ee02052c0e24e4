import { Shell } from './app/Shell';

/** The renderer's root (mounted by main.tsx, which the foundation stream owns). */
export function App() {
  return <Shell />;
}
