import { Shell } from './app/Shell';

/** The renderer's root (main.tsx mounts it once window.stride is installed). */
export function App() {
  return <Shell />;
}
